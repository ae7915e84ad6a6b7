"""Alembic environment: async engines, both PostgreSQL and SQLite (batch mode for ALTERs)."""

from __future__ import annotations

import asyncio
from typing import Any

from advanced_alchemy.types import GUID
from alembic import context
from sqlalchemy.engine import Connection

from thebot.adapters.db.engine import create_engine
from thebot.adapters.db.models import metadata

config = context.config


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _compare_type(
    context: Any, inspected: Any, metadata_column: Any, inspected_type: Any, metadata_type: Any
) -> bool | None:
    # SQLite reflects GUID's 16-byte storage as NUMERIC: the same column, not a change.
    if isinstance(metadata_type, GUID) and context.dialect.name == "sqlite":
        return False
    return None


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=_compare_type,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
