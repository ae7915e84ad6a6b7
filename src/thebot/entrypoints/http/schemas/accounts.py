"""Sign-in, tokens and the signed-in user."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Role, TokenPair, User
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody

Password = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]


class LoginRequest(RequestBody):
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
    password: Password


class RefreshRequest(RequestBody):
    refresh_token: Annotated[str, msgspec.Meta(min_length=1, max_length=512)]


class PasswordChangeRequest(RequestBody):
    current_password: Password
    new_password: Password


class UserOut(ResponseBody):
    id: UUID
    email: str
    first_name: str
    last_name: str
    full_name: str
    phone: str | None
    role: Role
    is_active: bool
    must_change_password: bool
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            full_name=user.full_name,
            phone=user.phone,
            role=user.role,
            is_active=user.is_active,
            must_change_password=user.must_change_password,
            last_login_at=user.last_login_at,
            created_at=user.created_at,
            updated_at=user.updated_at,
        )


class TokenResponse(ResponseBody):
    access_token: str
    refresh_token: str
    expires_in: int
    user: UserOut
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type

    @classmethod
    def of(cls, pair: TokenPair) -> TokenResponse:
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_in=pair.expires_in,
            user=UserOut.of(pair.user),
        )
