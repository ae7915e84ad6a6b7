"""Fault tests run real ``thebot run`` / ``thebot worker`` processes on private servers.

Each module gets its own PostgreSQL cluster and ``redis-server`` (see ``services.py``), migrated
with ``thebot db upgrade`` and seeded with ``thebot seed demo``, so every demo account signs in
with the demo password. Processes run in the test environment: its cheap password hashes keep
seeding and sign-ins fast on a busy machine. The package needs the PostgreSQL binaries and
``redis-server``: it runs only in the PostgreSQL + Redis pass (both THEBOT_TEST_DATABASE_URL
and THEBOT_TEST_REDIS_URL set).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL
from tests.fakes.yookassa import FakeYooKassa
from tests.faults.services import PrivatePostgres, PrivateRedis
from tests.processes import THEBOT, Process, process_env, start, stop, wait_healthy

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if TEST_DATABASE_URL is not None and TEST_REDIS_URL is not None:
        return
    skip = pytest.mark.skip(
        reason="fault tests run in the PostgreSQL + Redis pass (set THEBOT_TEST_DATABASE_URL "
        "and THEBOT_TEST_REDIS_URL)"
    )
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(skip)


class Stack:
    """Private PostgreSQL and Redis, and the platform's processes started on them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.postgres = PrivatePostgres()
        self.redis = PrivateRedis()
        self.processes: list[Process] = []
        self.started = 0

    def prepare(self) -> None:
        self.postgres.start()
        self.redis.start()
        for command in (("db", "upgrade"), ("seed", "demo")):
            subprocess.run(
                [str(THEBOT), *command],
                env=process_env(self.postgres.url, self.folder, **self.env()),
                cwd=self.folder,
                check=True,
                capture_output=True,
                timeout=180,
            )

    def env(self, **extra: str) -> dict[str, str]:
        # JSON logs, as in production (the console renderer draws slow, long tracebacks).
        return {
            "THEBOT_ENV": "test",
            "THEBOT_LOG_FORMAT": "json",
            "THEBOT_REDIS_URL": self.redis.url,
            **extra,
        }

    def _name(self, kind: str) -> str:
        """A name of its own for each process: its folder and log are kept for a post-mortem."""
        self.started += 1
        return f"{self.started:02d}-{kind}"

    def server(self, **extra: str) -> Process:
        name = self._name("server")
        process = start(self.postgres.url, self.folder / name, name, **self.env(**extra))
        self.processes.append(process)
        wait_healthy(process)
        return process

    def worker(self, **extra: str) -> Process:
        name = self._name("worker")
        process = start(
            self.postgres.url, self.folder / name, name, command=("worker",), **self.env(**extra)
        )
        self.processes.append(process)
        return process

    def stop_processes(self) -> None:
        while self.processes:
            stop(self.processes.pop())

    def close(self) -> None:
        self.stop_processes()
        self.redis.remove()
        self.postgres.remove()


@pytest.fixture(scope="module")
def yookassa() -> Iterator[FakeYooKassa]:
    """The YooKassa fake of a module's server processes."""
    with FakeYooKassa() as fake:
        yield fake


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A private PostgreSQL and Redis, migrated and seeded once for the package (that takes
    most of a minute on a busy machine); each module starts, and stops, its own processes."""
    stack = Stack(tmp_path_factory.mktemp("faults"))
    try:
        stack.prepare()
        yield stack
    finally:
        stack.close()


@pytest.fixture(scope="module", autouse=True)
def _module_processes(stack: Stack) -> Iterator[None]:
    """Processes a module started are stopped when it ends (the servers stay for the next)."""
    yield
    stack.stop_processes()
