"""The school the fuzzer works in: the demo school, seeded in-process, served by a real
``thebot run`` process, and the ids of its objects, which the fuzzer draws path and query
parameters from (random UUIDs alone would only ever reach 404)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from redis import Redis
from sqlalchemy import select

from tests.conftest import TEST_REDIS_URL, empty_tables
from tests.processes import Process
from thebot.adapters.db.models import metadata
from thebot.bootstrap import build_container
from thebot.config import Settings
from thebot.entrypoints.jobs import JOB_SPECS
from thebot.entrypoints.seeds import demo_school as plan
from thebot.entrypoints.seeds.demo import seed_demo

# Generated cases per operation, each sent as every role: valid inputs, then invalid ones.
# About 2,700 requests: some 2 minutes on the slow CI machine, plus 40 s to seed and start.
MAX_POSITIVE = 3
MAX_NEGATIVE = 3
# How often a path or query id is drawn from the demo school rather than generated.
REAL_ID_PROBABILITY = 0.6

# One account per role; the fuzzer acts as each in turn, the office last (it may deactivate).
ACCOUNTS = {
    "student": "masha.ivanova",
    "parent": "olga.ivanova",
    "teacher": "anna.smirnova",
    "tutor": "elena.kuznetsova",
    "admin": plan.ADMIN,
}
# Which table a parameter of this name points into.
PARAMETER_TABLES = {
    "user_id": "users",
    "parent_id": "users",
    "student_id": "users",
    "teacher_id": "users",
    "subject_id": "subjects",
    "enrollment_id": "enrollments",
    "assignment_id": "assignments",
    "submission_id": "submissions",
    "file_id": "stored_files",
    "chat_id": "chat_rooms",
    "message_id": "chat_messages",
    "lesson_id": "lessons",
    "material_id": "materials",
    "notification_id": "notifications",
    "payment_id": "payments",
    "report_id": "reports",
    "plan_id": "study_plans",
    "subscription_id": "subscriptions",
}
# Fields of request bodies that point into a table (``[*]``: every item of a list).
BODY_FIELD_TABLES = {
    **PARAMETER_TABLES,
    "tutor_id": "users",
    "reply_to_id": "chat_messages",
    "student_ids[*]": "users",
    "subject_ids[*]": "subjects",
}


@dataclass
class DemoIds:
    """Ids of the demo school's objects by table; the fuzzing accounts are left out of users,
    so that no generated request deactivates or resets a session the fuzzer stands on."""

    by_table: dict[str, list[str]] = field(default_factory=dict)


def seed(database_url: str, data_dir: Path) -> DemoIds:
    """Empty the database (and the test Redis), seed the demo school, read its ids."""
    if TEST_REDIS_URL is not None:
        Redis.from_url(TEST_REDIS_URL).flushdb()
    settings = Settings.from_env(
        {},
        env_file=None,
        env="test",
        data_dir=str(data_dir),
        database_url=database_url,
        redis_url=TEST_REDIS_URL,
    )
    return asyncio.run(_seed(settings))


async def _seed(settings: Settings) -> DemoIds:
    container = build_container(settings, job_specs=JOB_SPECS)
    try:
        await empty_tables(container.engine)
        await seed_demo(container)
        fuzzing = [plan.email(key) for key in ACCOUNTS.values()]
        ids = DemoIds()
        async with container.engine.connect() as connection:
            for name in sorted(set(PARAMETER_TABLES.values())):
                table = metadata.tables[name]
                query = select(table.c.id).order_by(table.c.id)
                if name == "users":
                    query = query.where(table.c.email.not_in(fuzzing))
                ids.by_table[name] = [str(id_) for id_ in await connection.scalars(query)]
        return ids
    finally:
        await container.close()


def sign_in(base_url: str, role: str) -> str:
    """An access token of the role's demo account, signed in through the server."""
    response = httpx.post(
        f"{base_url}/api/v1/auth/login",
        json={"email": plan.email(ACCOUNTS[role]), "password": plan.PASSWORD},
        timeout=30,
        trust_env=False,  # loopback only, never a proxy
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


@dataclass
class FuzzServer:
    """The server under fuzzing, the ids of its demo school, a token per role."""

    process: Process
    ids: DemoIds
    tokens: dict[str, str]
