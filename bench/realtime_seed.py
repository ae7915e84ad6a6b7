"""The real-time benchmark's school: teachers and students in one-to-one chats.

Built through the platform's own services on a fresh PostgreSQL database (the name must contain
``bench``): accounts with one shared password hash, ``TEACHERS`` teachers of one subject, every
other user a student enrolled with teacher ``k % TEACHERS`` (the enrollment makes the subject
chat, as it does in the school). Sign-ins are minted the platform's way (a session row and an
access token signed with the development key), so the benchmark spends no time on argon2.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from bench.seed_compare import check_loopback, recreate_database
from sqlalchemy import text

from thebot.adapters.db import migrations
from thebot.adapters.db.models import SubjectModel
from thebot.bootstrap import Container, build_container
from thebot.config import Settings
from thebot.domain.accounts.entities import NewUser, Principal, Role, User
from thebot.domain.shared.pagination import PageRequest

TEACHERS = 20
EMAIL_DOMAIN = "bench-rt.local"
PASSWORD = "bench-pass-123"  # noqa: S105 - the published password of the bench accounts


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    user_id: UUID
    token: str


@dataclass(frozen=True, slots=True)
class Room:
    chat_id: UUID
    student: Member
    teacher: Member


@dataclass(frozen=True, slots=True)
class School:
    members: list[Member]
    rooms: list[Room]


def bench_settings(database_url: str, data_dir: str) -> Settings:
    return Settings.from_env(
        {}, env_file=None, env="development", database_url=database_url, data_dir=data_dir
    )


def seed(database_url: str, users: int) -> None:
    """Drop and recreate the database, migrate it and build the school."""
    check_loopback(database_url)
    asyncio.run(recreate_database(database_url))
    migrations.upgrade(database_url)
    with tempfile.TemporaryDirectory(prefix="thebot-bench-rt-") as data_dir:
        asyncio.run(_with_container(database_url, data_dir, lambda c: _build(c, users)))


def sign_in_everyone(database_url: str) -> School:
    """A fresh session and access token for every bench account, and the chats."""
    with tempfile.TemporaryDirectory(prefix="thebot-bench-rt-") as data_dir:
        school: School = asyncio.run(_with_container(database_url, data_dir, _sign_in))
        return school


async def _with_container(database_url: str, data_dir: str, work: Any) -> Any:
    container = build_container(bench_settings(database_url, data_dir))
    try:
        return await work(container)
    finally:
        await container.close()


async def _build(container: Container, users: int) -> None:
    password_hash = await container.hasher.hash(PASSWORD)

    async def account(name: str, role: Role, **profile: Any) -> User:
        async with container.unit_of_work() as uow:
            created = await uow.people.create_account(
                NewUser(
                    email=f"{name}@{EMAIL_DOMAIN}",
                    first_name=name.rstrip("0123456789").title(),
                    last_name=name[-3:],
                    role=role,
                    password_hash=password_hash,
                ),
                profile,
            )
            await uow.commit()
        return created.user

    admin = await account("admin", Role.ADMIN)
    office = Principal(user=admin, session_id=admin.id)
    async with container.unit_of_work() as uow:
        subject = SubjectModel(name="Mathematics")
        uow.session.add(subject)
        await uow.session.flush()
        subject_id = subject.id
        await uow.commit()
    teachers = [await account(f"teacher{i:03d}", Role.TEACHER) for i in range(1, TEACHERS + 1)]
    async with container.unit_of_work() as uow:
        for teacher in teachers:
            await uow.people.set_teacher_subjects(teacher.id, [subject_id])
        await uow.commit()
    for k in range(users - TEACHERS):
        student = await account(f"student{k + 1:03d}", Role.STUDENT, grade=8)
        async with container.unit_of_work() as uow:
            await container.enrollment_service(uow).enroll(
                office,
                {
                    "student_id": student.id,
                    "subject_id": subject_id,
                    "teacher_id": teachers[k % TEACHERS].id,
                },
            )
            await uow.commit()
    async with container.engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("ANALYZE"))


async def _sign_in(container: Container) -> School:
    now = container.clock.now()
    members: dict[UUID, Member] = {}
    principals: list[Principal] = []
    async with container.unit_of_work() as uow:
        rows = await uow.session.execute(
            text("SELECT id, email FROM users WHERE role IN ('teacher', 'student') ORDER BY email")
        )
        for user_id, email in rows:
            session = await uow.sessions.start(user_id, now, "bench.realtime", "127.0.0.1")
            token = container.access_tokens.issue(user_id, session.id, now)
            members[user_id] = Member(email.split("@")[0], user_id, token)
        for user_id in members:
            principals.append(Principal(user=await uow.users.get(user_id), session_id=user_id))
        await uow.commit()
    rooms: list[Room] = []
    async with container.unit_of_work() as uow:
        forum = container.forum_service(uow)
        for principal in principals:
            if principal.role is not Role.STUDENT:
                continue
            page = await forum.list_chats(principal, PageRequest(limit=10, offset=0))
            for chat in page.items:
                room = await forum.room(principal, chat.id)
                teacher = next(p.id for p in room.participants if p.id != principal.id)
                rooms.append(Room(chat.id, members[principal.id], members[teacher]))
    return School(members=list(members.values()), rooms=rooms)
