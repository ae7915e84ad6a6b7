"""Engines for both databases, tuned for each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession


def create_engine(url: str, *, echo: bool = False, pool_size: int = 10) -> AsyncEngine:
    """An engine for ``url``: SQLite gets a file in place and safe locking, PostgreSQL a pool."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, echo=echo)
    return create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        # No ping before each checkout (a round trip on every request): a connection found dead
        # fails its one request with a 503 problem and makes the pool drop all the others, so a
        # restarted PostgreSQL costs one request per process (tests/api/test_database_outage.py).
        pool_pre_ping=False,
        pool_recycle=1800,
        connect_args={"timeout": 10, "command_timeout": 30},
    )


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def _sqlite_engine(url: str, database: str | None, *, echo: bool) -> AsyncEngine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (SAVEPOINTs work),
        # and enforce foreign keys, which SQLite leaves off by default.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's lower() folds ASCII only; searches compare lower-cased Russian names.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: concurrent writers wait their turn instead
        # of failing with SQLITE_BUSY halfway through a transaction.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def create_read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession] | None:
    """Sessions for work that only reads, or None where the plain ones do as well.

    On PostgreSQL they run each statement in autocommit: no BEGIN and no COMMIT round trips.
    Under READ COMMITTED every statement of a transaction sees its own snapshot anyway, so a
    read-only request loses nothing. SQLite keeps its transactions (its driver would take over
    transaction control again when the connection goes back to the pool).
    """
    if engine.dialect.name != "postgresql":
        return None
    return async_sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"),
        expire_on_commit=False,
        autoflush=False,
    )
