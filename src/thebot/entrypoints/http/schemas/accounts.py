"""Sign-in, tokens and the signed-in user."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from thebot.domain.accounts.entities import TokenPair
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody
from thebot.entrypoints.http.schemas.people import MediaUrl, UserOut

Password = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]


class LoginRequest(RequestBody):
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
    password: Password


class RefreshRequest(RequestBody):
    refresh_token: Annotated[str, msgspec.Meta(min_length=1, max_length=512)]


class PasswordChangeRequest(RequestBody):
    current_password: Password
    new_password: Password


class TokenResponse(ResponseBody):
    access_token: str
    refresh_token: str
    expires_in: int
    user: UserOut
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type

    @classmethod
    def of(cls, pair: TokenPair, media_url: MediaUrl) -> TokenResponse:
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_in=pair.expires_in,
            user=UserOut.of(pair.user, media_url),
        )
