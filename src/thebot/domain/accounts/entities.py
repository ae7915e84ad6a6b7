"""Users and their sign-in sessions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

import msgspec


class Role(StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    TUTOR = "tutor"
    PARENT = "parent"
    ADMIN = "admin"


class User(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    email: str
    first_name: str
    last_name: str
    phone: str | None
    role: Role
    is_active: bool
    must_change_password: bool
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime
    created_by_id: UUID | None = None
    avatar_key: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class UserCredentials(msgspec.Struct, frozen=True, kw_only=True):
    """A user with the stored password hash: only the sign-in service ever holds this."""

    user: User
    password_hash: str


class NewUser(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    first_name: str
    last_name: str
    role: Role
    password_hash: str
    phone: str | None = None
    must_change_password: bool = False
    created_by_id: UUID | None = None


class AuthSession(msgspec.Struct, frozen=True, kw_only=True):
    """One sign-in: the family of refresh tokens that descends from it."""

    id: UUID
    user_id: UUID
    created_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class RefreshToken(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    session_id: UUID
    user_id: UUID
    expires_at: datetime
    used_at: datetime | None
    session_revoked_at: datetime | None


class AccessClaims(msgspec.Struct, frozen=True, kw_only=True):
    """What a verified access token says."""

    user_id: UUID
    session_id: UUID


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """The signed-in user of a request, with the session the request belongs to."""

    user: User
    session_id: UUID

    @property
    def id(self) -> UUID:
        return self.user.id

    @property
    def role(self) -> Role:
        return self.user.role


class TokenPair(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    refresh_token: str
    expires_in: int
    user: User
