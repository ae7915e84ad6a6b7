"""In-memory twins of the accounts ports, for domain unit tests."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from thebot.domain.accounts.entities import (
    AccessClaims,
    AuthSession,
    NewUser,
    Principal,
    RefreshToken,
    User,
    UserCredentials,
)
from thebot.domain.shared.errors import Conflict, NotFound, Unauthenticated


class InMemoryUsers:
    def __init__(self, now: datetime) -> None:
        self._now = now
        self.rows: dict[UUID, UserCredentials] = {}

    async def get(self, user_id: UUID) -> User:
        return (await self.get_credentials(user_id)).user

    async def find_credentials(self, email: str) -> UserCredentials | None:
        return next((c for c in self.rows.values() if c.user.email == email), None)

    async def get_credentials(self, user_id: UUID) -> UserCredentials:
        if user_id not in self.rows:
            raise NotFound("User not found.")
        return self.rows[user_id]

    async def add(self, user: NewUser) -> User:
        if await self.find_credentials(user.email):
            raise Conflict("taken")
        created = User(
            id=uuid4(),
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            phone=user.phone,
            role=user.role,
            is_active=True,
            must_change_password=user.must_change_password,
            last_login_at=None,
            created_at=self._now,
            updated_at=self._now,
        )
        self.rows[created.id] = UserCredentials(user=created, password_hash=user.password_hash)
        return created

    async def count(self) -> int:
        return len(self.rows)

    def _replace(self, user_id: UUID, **changes: object) -> None:
        row = self.rows[user_id]
        password_hash = changes.pop("password_hash", row.password_hash)
        user = User(**{**{f: getattr(row.user, f) for f in User.__struct_fields__}, **changes})  # type: ignore[arg-type]
        self.rows[user_id] = UserCredentials(user=user, password_hash=password_hash)  # type: ignore[arg-type]

    async def record_login(self, user_id: UUID, at: datetime) -> None:
        self._replace(user_id, last_login_at=at)

    async def set_password(self, user_id: UUID, password_hash: str, *, must_change: bool) -> None:
        self._replace(user_id, password_hash=password_hash, must_change_password=must_change)

    async def set_active(self, user_id: UUID, active: bool) -> None:
        self._replace(user_id, is_active=active)


class InMemorySessions:
    def __init__(self, users: InMemoryUsers) -> None:
        self._users = users
        self.sessions: dict[UUID, AuthSession] = {}
        self.tokens: dict[str, RefreshToken] = {}

    async def start(
        self, user_id: UUID, at: datetime, user_agent: str | None, address: str | None
    ) -> AuthSession:
        session = AuthSession(id=uuid4(), user_id=user_id, created_at=at)
        self.sessions[session.id] = session
        return session

    async def add_refresh_token(
        self, session_id: UUID, token_hash: str, issued_at: datetime, expires_at: datetime
    ) -> None:
        self.tokens[token_hash] = RefreshToken(
            id=uuid4(),
            session_id=session_id,
            user_id=self.sessions[session_id].user_id,
            expires_at=expires_at,
            used_at=None,
            session_revoked_at=None,
        )

    async def find_refresh_token(self, token_hash: str) -> RefreshToken | None:
        token = self.tokens.get(token_hash)
        if token is None:
            return None
        session = self.sessions[token.session_id]
        return RefreshToken(
            id=token.id,
            session_id=token.session_id,
            user_id=token.user_id,
            expires_at=token.expires_at,
            used_at=token.used_at,
            session_revoked_at=session.revoked_at,
        )

    async def mark_used(self, token_id: UUID, at: datetime) -> bool:
        for key, token in self.tokens.items():
            if token.id == token_id:
                if token.used_at is not None:
                    return False
                self.tokens[key] = RefreshToken(
                    **{
                        **{f: getattr(token, f) for f in RefreshToken.__struct_fields__},
                        "used_at": at,
                    }
                )
                return True
        return False

    async def revoke(self, session_id: UUID, at: datetime, reason: str) -> None:
        session = self.sessions[session_id]
        if session.revoked_at is None:
            self.sessions[session_id] = AuthSession(
                id=session.id,
                user_id=session.user_id,
                created_at=session.created_at,
                revoked_at=at,
                revoked_reason=reason,
            )

    async def revoke_all(
        self, user_id: UUID, at: datetime, reason: str, *, keep: UUID | None = None
    ) -> int:
        live = [
            s.id
            for s in self.sessions.values()
            if s.user_id == user_id and s.revoked_at is None and s.id != keep
        ]
        for session_id in live:
            await self.revoke(session_id, at, reason)
        return len(live)

    async def principal(self, claims: AccessClaims) -> Principal | None:
        session = self.sessions.get(claims.session_id)
        if session is None or session.revoked_at is not None or session.user_id != claims.user_id:
            return None
        user = await self._users.get(claims.user_id)
        return Principal(user=user, session_id=session.id) if user.is_active else None

    async def purge_expired(self, before: datetime) -> int:
        return 0


class CountingHasher:
    """Reversible 'hashes', counting the expensive calls so tests can compare the work done."""

    def __init__(self) -> None:
        self.expensive_calls = 0

    async def hash(self, password: str) -> str:
        return f"hashed:{password}"

    async def verify(self, password_hash: str, password: str) -> bool:
        self.expensive_calls += 1
        # "old:" hashes stand for those made with parameters that are no longer current.
        return password_hash in (f"hashed:{password}", f"old:{password}")

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash.startswith("old:")

    async def burn(self, password: str) -> None:
        self.expensive_calls += 1


class PlainTokens:
    """Access 'tokens' that are readable ids; expiry is what the real adapter is tested for."""

    def issue(self, user_id: UUID, session_id: UUID, now: datetime) -> str:
        return f"{user_id}:{session_id}"

    def verify(self, token: str, now: datetime) -> AccessClaims:
        try:
            user_id, session_id = token.split(":")
            return AccessClaims(user_id=UUID(user_id), session_id=UUID(session_id))
        except ValueError as exc:
            raise Unauthenticated("bad token") from exc
