"""Shared fixtures: settings, the database under test, Redis, the container and the API client.

The database is ``THEBOT_TEST_DATABASE_URL`` (PostgreSQL) when set, otherwise a fresh SQLite file.
Redis-backed parts use ``THEBOT_TEST_REDIS_URL`` when set, otherwise their in-memory twins.
Every test starts from empty tables and an empty Redis database.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fakes.clock import FakeClock
from thebot.adapters.db.engine import create_engine
from thebot.adapters.db.models import metadata
from thebot.bootstrap import Container, build_container
from thebot.config import Settings
from thebot.entrypoints.http.app import create_app
from thebot.entrypoints.jobs import JOB_SPECS

TEST_DATABASE_URL = os.environ.get("THEBOT_TEST_DATABASE_URL") or None
TEST_REDIS_URL = os.environ.get("THEBOT_TEST_REDIS_URL") or None

needs_redis = pytest.mark.skipif(TEST_REDIS_URL is None, reason="THEBOT_TEST_REDIS_URL is not set")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database of this test session, with the schema created once."""
    url = TEST_DATABASE_URL or (
        f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'thebot-test.sqlite3'}"
    )

    async def create_schema() -> None:
        engine = create_engine(url, pool_size=1)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.drop_all)
                await connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
                await connection.run_sync(metadata.create_all)
        finally:
            await engine.dispose()

    asyncio.run(create_schema())
    return url


async def empty_tables(engine: AsyncEngine) -> None:
    tables = list(reversed(metadata.sorted_tables))
    async with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                await connection.execute(table.delete())


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture
def make_settings(database_url: str, data_dir: Path) -> Callable[..., Settings]:
    """Test settings on the database and Redis under test; keyword arguments override."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "env": "test",
            "data_dir": str(data_dir),
            "database_url": database_url,
            "redis_url": TEST_REDIS_URL,
        }
        values.update(overrides)
        return Settings.from_env({}, env_file=None, **values)

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def redis() -> AsyncIterator[Redis | None]:
    """The test Redis, emptied, or None when the suite runs without Redis."""
    if TEST_REDIS_URL is None:
        yield None
        return
    client = Redis.from_url(TEST_REDIS_URL)
    await client.flushdb()
    yield client
    await client.aclose()


@pytest.fixture
async def container(
    settings: Settings, clock: FakeClock, redis: Redis | None
) -> AsyncIterator[Container]:
    container = build_container(settings, job_specs=JOB_SPECS, clock=clock)
    await empty_tables(container.engine)
    yield container
    await container.close()


@pytest.fixture
def app(settings: Settings, container: Container) -> Litestar:
    return create_app(settings, container=container)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app, in the test's own event loop (Litestar's AsyncTestClient runs
    the app in a portal thread with another loop, which database and Redis connections shared
    with the test cannot cross)."""
    async with app_client(app) as client:
        yield client


@asynccontextmanager
async def running(app: Litestar) -> AsyncIterator[None]:
    """Start and stop the app's lifespan in one task of its own (anyio's cancel scopes, used by
    the Channels plugin, must be left by the task that entered them; fixtures set up and tear
    down in different tasks)."""
    started = asyncio.Event()
    stop = asyncio.Event()

    async def lifespan() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(lifespan())
    waiter = asyncio.create_task(started.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        task.result()  # startup failed: raise its error here
    try:
        yield
    finally:
        stop.set()
        await task


@asynccontextmanager
async def app_client(
    app: Litestar, address: str = "203.0.113.10"
) -> AsyncIterator[httpx.AsyncClient]:
    async with running(app):
        transport = httpx.ASGITransport(app=app, client=(address, 50000))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1:8000"
        ) as client:
            yield client


@pytest.fixture(autouse=True)
def _no_env_file_leaks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    # A developer's ./.env must never change what the tests see.
    monkeypatch.chdir(tmp_path)
    return


class StatementCounter:
    """Counts the SQL statements an engine executes while active."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.count += 1
        self.statements.append(statement)


@pytest.fixture
def count_statements(container: Container) -> Callable[[], Any]:
    """``with count_statements() as counter:`` counts what the database is asked in the block."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter()
        engine = container.engine.sync_engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting
