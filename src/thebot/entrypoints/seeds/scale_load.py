"""Writing the planned rows: COPY on PostgreSQL, chunked executemany on SQLite.

One transaction for everything; afterwards the message id sequence continues after the seeded
ids, the ``subject_progress`` summary is rebuilt and the planner statistics refreshed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, Sequence, Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from thebot.adapters.db.models import metadata
from thebot.adapters.db.repositories import subject_progress
from thebot.entrypoints.seeds.scale_plan import Rows

CHUNK = 5_000
# A bulk COPY is not a request: the engine's 30 s command timeout would fail the seed of the
# school's 500,000 messages on a busy machine.
COPY_TIMEOUT_SECONDS = 1_800
# Tables whose integer ids the seed writes itself, then hands back to their sequence.
SEQUENCED = (("chat_messages", "id"),)

Lap = Callable[[str], None]


async def is_empty(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        users = metadata.tables["users"]
        found = await connection.scalar(select(users.c.id).limit(1))
        return found is None


async def empty(engine: AsyncEngine) -> None:
    """Every table of the platform emptied (not ``alembic_version``)."""
    tables = list(reversed(metadata.sorted_tables))
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                await connection.execute(table.delete())


async def load(engine: AsyncEngine, rows: Rows, lap: Lap) -> None:
    """Insert every table in one transaction (``lap(name)`` after each), then tidy up."""
    async with engine.begin() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            # The asyncpg adapter opens its transaction at the first statement it runs itself;
            # without one, each raw COPY below would commit on its own and a failure would
            # leave half a data set behind.
            await connection.execute(text("SELECT 1"))
        for name, planned in rows.tables.items():
            table = metadata.tables[name]
            if postgres:
                await _copy(connection, table, planned.columns, planned.rows)
            else:
                await _insert(connection, table, planned.columns, planned.rows)
            lap(f"insert {name}")
        if postgres:
            for name, column in SEQUENCED:
                await _continue_sequence(connection, metadata.tables[name], column)
        # Rows written around the repositories: rebuild the summary they keep in step.
        await subject_progress.rebuild(connection)
        lap("rebuild subject_progress")
    async with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("ANALYZE"))
        lap("analyse")


async def count_rows(engine: AsyncEngine, names: list[str]) -> dict[str, int]:
    async with engine.connect() as connection:
        return {
            name: int(
                await connection.scalar(select(func.count()).select_from(metadata.tables[name]))
                or 0
            )
            for name in names
        }


async def _continue_sequence(connection: AsyncConnection, table: Table, column: str) -> None:
    """Move the column's sequence past the seeded ids: the model's named sequence (as
    ``create_all`` makes it), else the one the migration's serial column owns."""
    default = table.c[column].default
    named = f"'{default.name}'" if isinstance(default, Sequence) else "NULL"
    sequence = f"coalesce(pg_get_serial_sequence('{table.name}', '{column}'), {named})"
    after = f"(SELECT coalesce(max({column}), 0) + 1 FROM {table.name})"  # noqa: S608
    await connection.execute(text(f"SELECT setval({sequence}, {after}, false)"))


async def _copy(
    connection: AsyncConnection,
    table: Table,
    columns: tuple[str, ...],
    records: list[tuple[Any, ...]],
) -> None:
    # asyncpg's COPY takes JSON as text; everything else as the Python values themselves.
    json_at = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
    if json_at:
        records = [
            tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(r)) for r in records
        ]
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    await raw.copy_records_to_table(
        table.name, records=records, columns=list(columns), timeout=COPY_TIMEOUT_SECONDS
    )


async def _insert(
    connection: AsyncConnection,
    table: Table,
    columns: tuple[str, ...],
    records: list[tuple[Any, ...]],
) -> None:
    statement = table.insert()
    for start in range(0, len(records), CHUNK):
        chunk = records[start : start + CHUNK]
        await connection.execute(statement, [dict(zip(columns, r, strict=True)) for r in chunk])
