"""Accounts of every role, signed in, for people-management tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tests.api.helpers import Client, bearer, sign_in
from tests.factories import DEFAULT_PASSWORD
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role

ADMIN_USERS = "/api/v1/admin/users"


@dataclass
class Person:
    id: UUID
    email: str
    headers: dict[str, str]
    role: Role


async def seed_subject(container: Container, name: str = "Mathematics") -> UUID:
    from thebot.adapters.db.models import SubjectModel

    async with container.unit_of_work() as uow:
        subject = SubjectModel(name=name)
        uow.session.add(subject)
        await uow.session.flush()
        subject_id = subject.id
        await uow.commit()
    return subject_id


async def make_admin(
    client: Client, container: Container, email: str = "office@example.org"
) -> Person:
    """An administrator created the way the platform creates the first one."""
    async with container.unit_of_work() as uow:
        created = await container.admin_bootstrap(uow).create_admin(email, DEFAULT_PASSWORD)
        await uow.commit()
    tokens = await sign_in(client, email, DEFAULT_PASSWORD)
    return Person(created.user.id, email, bearer(tokens["access_token"]), Role.ADMIN)


async def create(
    client: Client, actor: Person, role: Role, email: str, **fields: Any
) -> dict[str, Any]:
    body = {
        "role": role.value,
        "email": email,
        "first_name": fields.pop("first_name", "Anna"),
        "last_name": fields.pop("last_name", "Petrova"),
        **fields,
    }
    if role is Role.STUDENT:
        body.setdefault("grade", 7)
    if role is Role.TUTOR:
        body.setdefault("specialization", "Olympiad maths")
    response = await client.post(ADMIN_USERS, json=body, headers=actor.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def signed_in(client: Client, created: dict[str, Any]) -> Person:
    """Sign in with one-time credentials and replace the password, as a new user must."""
    login, password = created["credentials"]["login"], created["credentials"]["password"]
    tokens = await sign_in(client, login, password)
    headers = bearer(tokens["access_token"])
    changed = await client.post(
        "/api/v1/auth/password",
        json={"current_password": password, "new_password": DEFAULT_PASSWORD},
        headers=headers,
    )
    assert changed.status_code == 204, changed.text
    return Person(UUID(created["user"]["id"]), login, headers, Role(created["user"]["role"]))


async def person(client: Client, actor: Person, role: Role, email: str, **fields: Any) -> Person:
    return await signed_in(client, await create(client, actor, role, email, **fields))
