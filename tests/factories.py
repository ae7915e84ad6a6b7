"""polyfactory factories for the entities, and helpers that create real accounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from polyfactory.factories.msgspec_factory import MsgspecFactory

from thebot.bootstrap import Container
from thebot.domain.accounts.entities import NewUser, Role, User

DEFAULT_PASSWORD = "Correct-Horse-42"


class NewUserFactory(MsgspecFactory[NewUser]):
    __check_model__ = False

    email = MsgspecFactory.__faker__.unique.email
    first_name = MsgspecFactory.__faker__.first_name
    last_name = MsgspecFactory.__faker__.last_name
    phone = None
    role = Role.STUDENT
    must_change_password = False
    created_by_id = None


@dataclass(frozen=True)
class Account:
    user: User
    password: str


async def create_user(
    container: Container,
    *,
    role: Role = Role.STUDENT,
    password: str = DEFAULT_PASSWORD,
    **fields: Any,
) -> Account:
    """A committed user with a real argon2 hash of ``password``."""
    if "email" in fields:
        fields["email"] = fields["email"].lower()
    new_user = NewUserFactory.build(
        role=role, password_hash=await container.hasher.hash(password), **fields
    )
    async with container.unit_of_work() as uow:
        user = await uow.users.add(new_user)
        await uow.commit()
    return Account(user=user, password=password)
