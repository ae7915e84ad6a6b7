"""The API contract is the committed ``openapi.json``: any change to it is a reviewed diff."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from thebot.adapters.db.migrations import REPOSITORY_ROOT
from thebot.entrypoints.cli import main

COMMITTED = REPOSITORY_ROOT / "openapi.json"


def test_generated_openapi_matches_the_committed_document(tmp_path: Path) -> None:
    result = CliRunner(env={"THEBOT_DATA_DIR": str(tmp_path)}).invoke(main, ["openapi"])
    assert result.exit_code == 0, result.output
    generated = json.loads(result.stdout)
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert generated == committed, (
        "The API changed: review the difference, then run `make openapi` and commit openapi.json"
    )


def test_every_operation_has_a_unique_operation_id() -> None:
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    ids = [
        operation["operationId"]
        for path in document["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    operations = [
        operation
        for path in document["paths"].values()
        for method, operation in path.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(ids) == len(operations)
    assert len(set(ids)) == len(ids)
