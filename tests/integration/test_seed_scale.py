"""``thebot seed scale``: a small school loads on the database under test, keeps every rule,
is the same for the same seed, and refuses production and databases that already have users."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, insert, select

from tests.conftest import empty_tables
from thebot.adapters.db.engine import create_engine
from thebot.adapters.db.models import metadata
from thebot.entrypoints.cli import main
from thebot.entrypoints.seeds import scale_load
from thebot.entrypoints.seeds.scale import build
from thebot.entrypoints.seeds.scale_checks import broken_rules
from thebot.entrypoints.seeds.scale_plan import Rows

TODAY = "2026-03-02"


@pytest.fixture
def test_database(database_url: str) -> Iterator[str]:
    """The shared test database, emptied before and after."""
    asyncio.run(_empty(database_url))
    yield database_url
    asyncio.run(_empty(database_url))


async def _empty(url: str) -> None:
    engine = create_engine(url, pool_size=1)
    try:
        await empty_tables(engine)
    finally:
        await engine.dispose()


def run_seed(url: str, tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    environment = {"THEBOT_ENV": "test", "THEBOT_DATA_DIR": str(tmp_path / "var")} | (env or {})
    # The test schema comes from the models, not the migrations: do not migrate it.
    command = ["seed", "scale", "--database-url", url, "--today", TODAY, "--no-migrate", *args]
    return CliRunner(env=environment).invoke(main, command)


async def _fingerprint(url: str) -> tuple[str, dict[str, int]]:
    """A hash of the emails, lesson times and messages, and a few row counts."""
    users, lessons, messages = (metadata.tables[n] for n in ("users", "lessons", "chat_messages"))
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            digest = hashlib.sha256()
            for query in (
                select(users.c.email).order_by(users.c.email),
                select(lessons.c.start_at, lessons.c.end_at, lessons.c.status).order_by(
                    lessons.c.start_at, lessons.c.end_at, lessons.c.teacher_id
                ),
                select(messages.c.id, messages.c.content, messages.c.created_at).order_by(
                    messages.c.id
                ),
            ):
                for row in await connection.execute(query):
                    digest.update(repr(tuple(row)).encode())
            counts = {
                name: int(await connection.scalar(select(func.count()).select_from(table)) or 0)
                for name, table in (("users", users), ("lessons", lessons), ("msg", messages))
            }
    finally:
        await engine.dispose()
    return digest.hexdigest(), counts


async def _break_and_check(url: str) -> tuple[dict[str, int], dict[str, int], int]:
    """Rule counts before and after a lesson overlapping another; the next message id."""
    lessons, messages = metadata.tables["lessons"], metadata.tables["chat_messages"]
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.begin() as connection:
            before = await broken_rules(connection)
            first = (await connection.execute(select(lessons).limit(1))).mappings().one()
            await connection.execute(insert(lessons).values({**first, "id": uuid.uuid4()}))
            after = await broken_rules(connection)
            # The message ids handed back to their sequence: the next one follows the seeded.
            room, sender = (
                await connection.execute(select(messages.c.room_id, messages.c.sender_id).limit(1))
            ).one()
            new_id = (
                await connection.execute(
                    insert(messages)
                    .values(
                        room_id=room, sender_id=sender, content="x", created_at=datetime.now(UTC)
                    )
                    .returning(messages.c.id)
                )
            ).scalar_one()
            await connection.rollback()
    finally:
        await engine.dispose()
    return before, after, new_id


def test_a_small_school_loads_keeps_every_rule_and_repeats(
    test_database: str, tmp_path: Path
) -> None:
    first = run_seed(test_database, tmp_path, "--students", "30", "--seed", "7")
    assert first.exit_code == 0, first.output
    assert "rule checks pass" in first.output
    assert "insert chat_messages" in first.output
    fingerprint, counts = asyncio.run(_fingerprint(test_database))
    # 1 admin, 6 teachers (one per subject at least), 1 tutor, 30 students, 22 parents.
    assert counts == {"users": 60, "lessons": 900, "msg": 7_500}

    before, after, new_id = asyncio.run(_break_and_check(test_database))
    assert not any(before.values())
    assert after["lesson overlapping another lesson of its teacher"] == 1
    assert after["lesson overlapping another lesson of its student"] == 1
    assert new_id == 7_501

    refused = run_seed(test_database, tmp_path, "--students", "30", "--seed", "7")
    assert refused.exit_code == 1
    assert "--reset" in refused.output

    again = run_seed(test_database, tmp_path, "--students", "30", "--seed", "7", "--reset")
    assert again.exit_code == 0, again.output
    assert asyncio.run(_fingerprint(test_database)) == (fingerprint, counts)

    other = run_seed(test_database, tmp_path, "--students", "30", "--seed", "8", "--reset")
    assert other.exit_code == 0, other.output
    assert asyncio.run(_fingerprint(test_database))[0] != fingerprint


def test_production_is_refused(test_database: str, tmp_path: Path) -> None:
    production = {
        "THEBOT_ENV": "production",
        "THEBOT_DATABASE_URL": "postgresql+asyncpg://thebot@127.0.0.1:9/never",
        "THEBOT_SECRET_KEY": "a-long-random-secret-for-the-production-check-0123456789",
        "THEBOT_PUBLIC_URL": "https://school.example.org",
        "THEBOT_REDIS_URL": "redis://127.0.0.1:9/0",
        "THEBOT_YOOKASSA_SHOP_ID": "1",
        "THEBOT_YOOKASSA_SECRET_KEY": "live_not_used",
    }
    for profile in ("school", "compare"):
        result = run_seed(test_database, tmp_path, "--profile", profile, env=production)
        assert result.exit_code == 1, result.output
        assert "refused in production" in result.output
    assert asyncio.run(_fingerprint(test_database))[1]["users"] == 0


def test_it_migrates_a_new_database_first(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"
    env = {"THEBOT_ENV": "development", "THEBOT_DATA_DIR": str(tmp_path / "var")}
    result = CliRunner(env=env).invoke(
        main, ["seed", "scale", "--students", "10", "--database-url", url, "--today", TODAY]
    )
    assert result.exit_code == 0, result.output
    assert "migrate" in result.output
    assert "rule checks pass" in result.output


def test_the_compare_profile_plans_the_measured_data_set() -> None:
    rows = build("compare", None, 1, date(2026, 3, 2), "hash")
    counts = rows.counts()
    assert counts["users"] == 1 + 50 + 10 + 500 + 300
    assert counts["enrollments"] == 1_500
    assert counts["material_assignments"] == 30_000
    assert counts["material_progress"] == 5_000
    assert counts["lessons"] == 5_000
    # Every room the platform plans (4 per enrollment: every student has a tutor and a
    # parent); messages in one per enrollment and one per student and tutor, 20 each.
    assert counts["chat_rooms"] == 6_000
    assert counts["chat_participants"] == 12_000
    assert counts["chat_messages"] == (1_500 + 500) * 20
    emails = [row[1] for row in rows.tables["users"].rows]
    assert emails[:2] == ["admin@bench.local", "teacher001@bench.local"]
    assert "parent300@bench.local" in emails
    assert build("compare", None, 1, date(2026, 3, 2), "hash").tables["lessons"].rows == (
        rows.tables["lessons"].rows
    )


async def _load_and_count_users(url: str, rows: Rows) -> tuple[Exception | None, int]:
    engine = create_engine(url, pool_size=1)
    failure: Exception | None = None
    try:
        try:
            await scale_load.load(engine, rows, lambda _name: None)
        except Exception as exc:  # the database's own refusal, whatever its driver calls it
            failure = exc
        async with engine.connect() as connection:
            users = await connection.scalar(
                select(func.count()).select_from(metadata.tables["users"])
            )
    finally:
        await engine.dispose()
    return failure, int(users or 0)


def test_a_seed_that_fails_part_way_leaves_nothing_behind(test_database: str) -> None:
    # On PostgreSQL the rows go in with raw COPYs; they must join the one transaction, or the
    # people, lessons and rooms stay committed when the messages fail (as a timeout did).
    rows = build("school", 30, 7, date.fromisoformat(TODAY), "not-a-real-hash")
    messages = rows.tables["chat_messages"]
    messages.rows.append(messages.rows[0])  # the same id twice: the last table is refused

    failure, users = asyncio.run(_load_and_count_users(test_database, rows))

    assert failure is not None
    assert users == 0
