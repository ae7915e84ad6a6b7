"""Queries and commands of people management."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Role
from thebot.domain.profiles.entities import Account

SortKey = Literal[
    "created_at",
    "-created_at",
    "last_name",
    "-last_name",
    "email",
    "-email",
    "last_login_at",
    "-last_login_at",
]


class AccountQuery(msgspec.Struct, frozen=True, kw_only=True):
    role: Role | None = None
    is_active: bool | None = None
    search: str | None = None
    sort: SortKey = "-created_at"
    # Set for tutors: only their students, those students' parents and the parents they created.
    tutor_id: UUID | None = None


class AccountDraft(msgspec.Struct, frozen=True, kw_only=True):
    """A new account as asked for: the role, its fields, and perhaps a chosen password."""

    role: Role
    fields: dict[str, Any]
    password: str | None = None


class Credentials(msgspec.Struct, frozen=True, kw_only=True):
    """Shown once, in the response that created them."""

    login: str
    password: str


class CreatedAccount(msgspec.Struct, frozen=True, kw_only=True):
    account: Account
    credentials: Credentials


class OnboardedFamily(msgspec.Struct, frozen=True, kw_only=True):
    student: CreatedAccount
    parent: Account
    parent_credentials: Credentials | None
