"""The ``thebot`` command: createadmin, and ``run`` serving a fresh embedded platform (with
the demo school seeded on its empty development database)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from thebot.adapters.db import migrations
from thebot.entrypoints.cli import main


@pytest.fixture
def embedded_env(tmp_path: Path) -> dict[str, str]:
    """A development environment of its own: SQLite and media under a fresh data dir."""
    data_dir = tmp_path / "var"
    migrations.upgrade(f"sqlite+aiosqlite:///{data_dir / 'thebot.sqlite3'}")
    return {"THEBOT_ENV": "development", "THEBOT_DATA_DIR": str(data_dir)}


def test_createadmin_prints_a_generated_password_once(embedded_env: dict[str, str]) -> None:
    runner = CliRunner(env=embedded_env)
    first = runner.invoke(main, ["createadmin", "--email", "Office@Example.org"])
    assert first.exit_code == 0, first.output
    assert "office@example.org" in first.output
    password_line = next(line for line in first.output.splitlines() if "password" in line)
    password = password_line.rsplit(" ", 1)[-1]
    assert len(password) >= 14
    assert password.isalnum()

    again = runner.invoke(main, ["createadmin", "--email", "office@example.org"])
    assert again.exit_code == 1
    assert "already exists" in again.stderr


def test_createadmin_refuses_a_weak_password(embedded_env: dict[str, str]) -> None:
    result = CliRunner(env=embedded_env).invoke(
        main, ["createadmin", "--email", "office@example.org", "--password", "qwerty1234"]
    )
    assert result.exit_code == 1
    assert "password is too common" in result.stderr


def test_production_settings_that_are_unsafe_stop_the_command(tmp_path: Path) -> None:
    env = {"THEBOT_ENV": "production", "THEBOT_DATA_DIR": str(tmp_path)}
    result = CliRunner(env=env).invoke(main, ["createadmin", "--email", "a@example.org"])
    assert result.exit_code == 2
    assert "SQLite is refused" in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_run_migrates_seeds_the_demo_school_and_serves(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEBOT_")} | {
        "THEBOT_ENV": "development",
        "THEBOT_DATA_DIR": str(tmp_path / "var"),
    }
    command = [sys.executable, "-m", "thebot.entrypoints.cli", "run", "--port", str(port)]
    log = (tmp_path / "run.log").open("w+")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None, Path(log.name).read_text()
        assert health.status_code == 200
        docs = httpx.get(f"http://127.0.0.1:{port}/api/docs", timeout=5)
        assert docs.status_code == 200
        assert "text/html" in docs.headers["content-type"]
        config = httpx.get(f"http://127.0.0.1:{port}/api/v1/config", timeout=5).json()
        assert config["api_base_url"] == f"http://127.0.0.1:{port}/api/v1"

        output = Path(log.name).read_text()
        assert "Demo school seeded" in output
        sign_ins = [line.split() for line in output.splitlines() if "@demo.thebot.local" in line]
        assert {role for role, *_ in sign_ins} == {"admin", "teacher", "tutor", "parent", "student"}
        for role, email, password, *_ in sign_ins[:2]:
            login = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/auth/login",
                json={"email": email, "password": password},
                timeout=10,
            )
            assert login.status_code == 200, login.text
            assert login.json()["user"]["role"] == role
            assert login.json()["user"]["must_change_password"] is False
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


async def test_two_processes_starting_together_seed_one_demo_school(container: object) -> None:
    import asyncio

    from sqlalchemy import func, select

    from thebot.adapters.db.models import UserModel
    from thebot.bootstrap import Container
    from thebot.entrypoints.seeds.demo import seed_empty_database
    from thebot.entrypoints.seeds.demo_school import PEOPLE

    assert isinstance(container, Container)
    results = await asyncio.gather(*(seed_empty_database(container) for _ in range(2)))
    assert sum(result is not None for result in results) == 1
    async with container.unit_of_work() as uow:
        users = await uow.session.scalar(select(func.count()).select_from(UserModel))
    assert users == len(PEOPLE)


async def test_a_database_with_people_gets_no_demo_school(container: object) -> None:
    from thebot.bootstrap import Container
    from thebot.entrypoints.seeds.demo import seed_empty_database

    assert isinstance(container, Container)
    async with container.unit_of_work() as uow:
        await container.admin_bootstrap(uow).create_admin("office@example.org")
        await uow.commit()
    assert await seed_empty_database(container) is None
