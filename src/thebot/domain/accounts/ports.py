"""What the accounts services need from the outside world."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from thebot.domain.accounts.entities import (
    AccessClaims,
    AuthSession,
    NewUser,
    Principal,
    RefreshToken,
    User,
    UserCredentials,
)


class UserRepository(Protocol):
    async def get(self, user_id: UUID) -> User:
        """The user; raises ``NotFound``."""
        ...

    async def find_credentials(self, email: str) -> UserCredentials | None:
        """The user with this (already normalised) email and its password hash."""
        ...

    async def get_credentials(self, user_id: UUID) -> UserCredentials: ...

    async def add(self, user: NewUser) -> User:
        """Store a new user; raises ``Conflict`` when the email is taken."""
        ...

    async def count(self) -> int: ...

    async def record_login(self, user_id: UUID, at: datetime) -> None: ...

    async def set_password(
        self, user_id: UUID, password_hash: str, *, must_change: bool
    ) -> None: ...

    async def set_active(self, user_id: UUID, active: bool) -> None: ...


class SessionRepository(Protocol):
    async def start(
        self, user_id: UUID, at: datetime, user_agent: str | None, address: str | None
    ) -> AuthSession: ...

    async def add_refresh_token(
        self, session_id: UUID, token_hash: str, issued_at: datetime, expires_at: datetime
    ) -> None: ...

    async def find_refresh_token(self, token_hash: str) -> RefreshToken | None: ...

    async def mark_used(self, token_id: UUID, at: datetime) -> bool:
        """Mark the token used if nobody did before; False when it already was (a reuse)."""
        ...

    async def revoke(self, session_id: UUID, at: datetime, reason: str) -> None: ...

    async def revoke_all(
        self, user_id: UUID, at: datetime, reason: str, *, keep: UUID | None = None
    ) -> int:
        """Revoke every live session of the user except ``keep``; returns how many."""
        ...

    async def principal(self, claims: AccessClaims) -> Principal | None:
        """The active user and live session the claims name, or None."""
        ...

    async def purge_expired(self, before: datetime) -> int:
        """Delete sessions whose every refresh token expired before ``before``, or revoked."""
        ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...

    async def burn(self, password: str) -> None:
        """Spend the work of one ``verify`` on a hash that matches nothing (unknown emails)."""
        ...


class AccessTokens(Protocol):
    def issue(self, user_id: UUID, session_id: UUID, now: datetime) -> str: ...

    def verify(self, token: str, now: datetime) -> AccessClaims:
        """The claims of a valid access token; raises ``Unauthenticated`` otherwise."""
        ...


class AttemptLog(Protocol):
    """Counts recent failed attempts per key in a sliding window (shared across processes)."""

    async def recent(self, key: str, window_seconds: int, now: float) -> list[float]:
        """Timestamps of the attempts of ``key`` within the window, oldest first."""
        ...

    async def add(self, key: str, window_seconds: int, now: float) -> None: ...

    async def clear(self, key: str) -> None: ...


class TicketStore(Protocol):
    """Short-lived one-time values shared by every server process (socket tickets)."""

    async def put(self, key: str, value: bytes, ttl_seconds: int) -> bool:
        """Keep ``value`` for ``ttl_seconds``; False (and nothing changed) when ``key`` exists."""
        ...

    async def take(self, key: str) -> bytes | None:
        """The value, removed in the same step: of two concurrent takes only one gets it."""
        ...
