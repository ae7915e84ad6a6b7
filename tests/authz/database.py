"""The database as plain values: one statement tells which tables changed since the school's
first state (to prove a refused call changed nothing), and only those tables are put back after
an allowed call changed them (so that the next call sees the same school)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Table, and_, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from tests.conftest import empty_tables
from thebot.adapters.db.models import metadata

Rows = dict[tuple[Any, ...], tuple[Any, ...]]  # primary key -> the row
Snapshot = dict[str, Rows]
TABLES = {table.name: table for table in metadata.sorted_tables}


def _columns(table: Table) -> list[Any]:
    # Insert-sentinel columns (advanced-alchemy's ``sa_orm_sentinel``) are never selected.
    return [column for column in table.columns if not column._insert_sentinel]


def _key(table: Table, row: tuple[Any, ...]) -> tuple[Any, ...]:
    names = [column.name for column in _columns(table)]
    return tuple(row[names.index(column.name)] for column in table.primary_key.columns)


async def _rows(connection: AsyncConnection, table: Table) -> Rows:
    result = await connection.execute(select(*_columns(table)))
    return {_key(table, tuple(row)): tuple(row) for row in result}


async def snapshot(engine: AsyncEngine) -> Snapshot:
    """Every table's rows by primary key."""
    async with engine.connect() as connection:
        return {name: await _rows(connection, table) for name, table in TABLES.items()}


def _fingerprint_sql(dialect: str) -> str:
    """One SELECT whose columns are each table's rows folded into one value, in a fixed order.
    Names come from the models' metadata, never from input."""
    parts = []
    for n, table in enumerate(TABLES.values()):
        name = f'"{table.name}"'
        if dialect == "postgresql":
            part = (
                f"SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {name} x"  # noqa: S608
            )
        else:
            row = " || ',' || ".join(f'quote("{c.name}")' for c in _columns(table))
            ordered = f"SELECT {row} AS r FROM {name} ORDER BY r"  # noqa: S608
            part = f"SELECT coalesce(group_concat(r, '|'), '') FROM ({ordered})"  # noqa: S608
        parts.append(f"({part}) AS t{n}")
    return "SELECT " + ", ".join(parts)


async def fingerprints(engine: AsyncEngine) -> dict[str, str]:
    async with engine.connect() as connection:
        values = (await connection.execute(text(_fingerprint_sql(engine.dialect.name)))).one()
    return dict(zip(TABLES, values, strict=True))


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [name for name in before if before[name] != after[name]]


async def put_back(engine: AsyncEngine, rows: Snapshot, tables: list[str]) -> None:
    """Make ``tables`` hold exactly their rows of ``rows`` again: removed rows written back
    (parents first), changed rows set back, added rows deleted (children first). Should that
    collide with a constraint, every table is emptied and written afresh."""
    try:
        async with engine.begin() as connection:
            await _undo(connection, rows, [TABLES[name] for name in TABLES if name in tables])
    except DBAPIError:
        await restore(engine, rows)


async def _undo(connection: AsyncConnection, rows: Snapshot, tables: list[Table]) -> None:
    now = {table.name: await _rows(connection, table) for table in tables}
    for table in tables:
        first, current = rows[table.name], now[table.name]
        names = [column.name for column in _columns(table)]
        removed = [dict(zip(names, first[k], strict=True)) for k in first if k not in current]
        if removed:
            await connection.execute(table.insert(), removed)
        for key in first.keys() & current.keys():
            if first[key] != current[key]:
                values = dict(zip(names, first[key], strict=True))
                await connection.execute(table.update().where(_is(table, key)).values(values))
    for table in reversed(tables):
        for key in now[table.name].keys() - rows[table.name].keys():
            await connection.execute(table.delete().where(_is(table, key)))


def _is(table: Table, key: tuple[Any, ...]) -> Any:
    return and_(
        *(column == value for column, value in zip(table.primary_key.columns, key, strict=True))
    )


async def restore(engine: AsyncEngine, rows: Snapshot) -> None:
    """Empty every table and write back exactly the snapshot's rows."""
    await empty_tables(engine)
    async with engine.begin() as connection:
        for table in TABLES.values():
            names = [column.name for column in _columns(table)]
            values = [
                dict(zip(names, row, strict=True))
                for row in sorted(rows[table.name].values(), key=lambda r: _key(table, r))
            ]
            if values:
                await connection.execute(table.insert(), values)
        if engine.dialect.name == "postgresql":
            await _move_identities_past(connection, rows)


async def _move_identities_past(connection: AsyncConnection, rows: Snapshot) -> None:
    # TRUNCATE ... RESTART IDENTITY set the identity columns back to 1; rows written with explicit
    # ids do not advance them, so the next message would collide with a restored one.
    for table in TABLES.values():
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or not _is_integer(columns[0]):
            continue
        ids = [key[0] for key in rows[table.name]]
        if ids:
            await connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, :column), :value)"),
                {"table": table.name, "column": columns[0].name, "value": max(ids)},
            )


def _is_integer(column: Any) -> bool:
    return isinstance(column.type, Integer)  # BigInteger and SmallInteger included
