"""The rings hold: import-linter refuses a domain that imports an I/O framework."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from thebot.adapters.db.migrations import REPOSITORY_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_copy(tmp_path: Path, plant: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on a copy of the package with ``plant`` lines added to modules."""
    shutil.copytree(REPOSITORY_ROOT / "src", tmp_path / "src")
    shutil.copy(REPOSITORY_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, line in plant.items():
        path = tmp_path / "src" / (module.replace(".", "/") + ".py")
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    env = os.environ | {"PYTHONPATH": str(tmp_path / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_real_package_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint_copy(tmp_path, {})
    assert result.returncode == 0, result.stdout
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("thebot.domain.accounts.services", "import sqlalchemy", "The domain is pure"),
        ("thebot.domain.shared.errors", "import litestar", "The domain is pure"),
        ("thebot.domain.accounts.entities", "import thebot.adapters.security", "does not know"),
        ("thebot.adapters.storage", "import thebot.entrypoints.cli", "Adapters never import"),
    ],
)
def test_a_forbidden_import_breaks_the_build(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    result = _lint_copy(tmp_path, {module: line})
    assert result.returncode != 0
    assert f"{contract}" in result.stdout
    assert "BROKEN" in result.stdout
