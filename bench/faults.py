"""Run the fault-injection tests (``tests/faults``) and print what each scenario saw as a table.

    THEBOT_TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/<db> \\
    THEBOT_TEST_REDIS_URL=redis://127.0.0.1:6379/<n> .venv/bin/python bench/faults.py

The tests start their own PostgreSQL cluster and redis-server (the two URLs only switch the
package on); each test records its figures as a JSON line in the file named by
THEBOT_FAULTS_REPORT, which this script sets, reads and prints. Exit status: pytest's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "faults.jsonl"
        status = subprocess.call(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:warnings", "tests/faults"],
            cwd=ROOT,
            env=os.environ | {"THEBOT_FAULTS_REPORT": str(report)},
        )
        lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
    print("\n| scenario | figures |\n|---|---|")
    for line in lines:
        figures = json.loads(line)
        scenario = figures.pop("scenario")
        shown = "; ".join(f"{name}: {value}" for name, value in figures.items())
        print(f"| {scenario} | {shown} |")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
