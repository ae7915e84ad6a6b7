"""Sign-in, token refresh, sign-out, password change, and the creation of administrators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from thebot.domain.accounts.emails import check_email, normalise_email
from thebot.domain.accounts.entities import NewUser, Principal, Role, TokenPair, User
from thebot.domain.accounts.passwords import check_new_password, generate_password
from thebot.domain.accounts.ports import (
    AccessTokens,
    PasswordHasher,
    SessionRepository,
    UserRepository,
)
from thebot.domain.accounts.refresh_tokens import hash_refresh_token, new_refresh_token
from thebot.domain.accounts.throttle import LoginThrottle
from thebot.domain.shared.errors import Forbidden, Invalid, Unauthenticated
from thebot.domain.shared.ports import Clock

INVALID_CREDENTIALS = "Invalid email or password."
INVALID_REFRESH = "The refresh token is invalid or expired; sign in again."


class RefreshTokenReused(Unauthenticated):
    """A rotated refresh token came back: its whole family has been revoked.

    The revocation is a change the caller must commit even though the request fails.
    """


@dataclass(frozen=True, slots=True)
class SignInContext:
    """Where a sign-in comes from (kept on the session for the user's security overview)."""

    address: str | None = None
    user_agent: str | None = None


@dataclass(frozen=True, slots=True)
class TokenLifetimes:
    access_seconds: int
    refresh_seconds: int


class AuthService:
    """Everything about proving who one is. Services never commit: the caller does."""

    def __init__(
        self,
        *,
        users: UserRepository,
        sessions: SessionRepository,
        hasher: PasswordHasher,
        tokens: AccessTokens,
        throttle: LoginThrottle,
        clock: Clock,
        lifetimes: TokenLifetimes,
    ) -> None:
        self._users = users
        self._sessions = sessions
        self._hasher = hasher
        self._tokens = tokens
        self._throttle = throttle
        self._clock = clock
        self._lifetimes = lifetimes

    async def login(self, email: str, password: str, context: SignInContext) -> TokenPair:
        email = normalise_email(email)
        now = self._clock.now()
        await self._throttle.check(email, context.address, now.timestamp())
        found = await self._users.find_credentials(email)
        if found is None:
            await self._hasher.burn(password)
            await self._throttle.failed(email, context.address, now.timestamp())
            raise Unauthenticated(INVALID_CREDENTIALS)
        if not await self._hasher.verify(found.password_hash, password):
            await self._throttle.failed(email, context.address, now.timestamp())
            raise Unauthenticated(INVALID_CREDENTIALS)
        user = found.user
        if not user.is_active:
            raise Forbidden(
                "This account is deactivated. Contact the school office.", "account-deactivated"
            )
        await self._throttle.succeeded(email)
        if self._hasher.needs_rehash(found.password_hash):
            await self._users.set_password(
                user.id, await self._hasher.hash(password), must_change=user.must_change_password
            )
        await self._users.record_login(user.id, now)
        session = await self._sessions.start(user.id, now, context.user_agent, context.address)
        return await self._issue(user, session.id)

    async def refresh(self, refresh_token: str) -> TokenPair:
        now = self._clock.now()
        record = await self._sessions.find_refresh_token(hash_refresh_token(refresh_token))
        if record is None or record.session_revoked_at is not None:
            raise Unauthenticated(INVALID_REFRESH)
        if record.expires_at <= now:
            raise Unauthenticated(INVALID_REFRESH)
        if record.used_at is not None or not await self._sessions.mark_used(record.id, now):
            # Someone holds a copy of an already rotated token: end that whole sign-in.
            await self._sessions.revoke(record.session_id, now, "refresh token reused")
            raise RefreshTokenReused(INVALID_REFRESH)
        user = await self._users.get(record.user_id)
        if not user.is_active:
            await self._sessions.revoke(record.session_id, now, "user deactivated")
            raise Unauthenticated(INVALID_REFRESH)
        return await self._issue(user, record.session_id)

    async def logout(self, principal: Principal) -> None:
        await self._sessions.revoke(principal.session_id, self._clock.now(), "signed out")

    async def authenticate(self, access_token: str) -> Principal:
        """The user behind an access token, if the token, user and session are all still valid."""
        claims = self._tokens.verify(access_token, self._clock.now())
        principal = await self._sessions.principal(claims)
        if principal is None:
            raise Unauthenticated("The session has ended; sign in again.")
        return principal

    async def change_password(
        self, principal: Principal, current_password: str, new_password: str
    ) -> None:
        """Change one's own password; every other session of the user ends."""
        found = await self._users.get_credentials(principal.id)
        if not await self._hasher.verify(found.password_hash, current_password):
            raise Invalid.field("current_password", "is not your current password")
        check_new_password(new_password, field="new_password", email=found.user.email)
        if current_password == new_password:
            raise Invalid.field("new_password", "must differ from the current password")
        await self._users.set_password(
            principal.id, await self._hasher.hash(new_password), must_change=False
        )
        await self._sessions.revoke_all(
            principal.id, self._clock.now(), "password changed", keep=principal.session_id
        )

    async def _issue(self, user: User, session_id: UUID) -> TokenPair:
        now = self._clock.now()
        token, token_hash = new_refresh_token()
        await self._sessions.add_refresh_token(
            session_id, token_hash, now, now + timedelta(seconds=self._lifetimes.refresh_seconds)
        )
        return TokenPair(
            access_token=self._tokens.issue(user.id, session_id, now),
            refresh_token=token,
            expires_in=self._lifetimes.access_seconds,
            user=user,
        )


@dataclass(frozen=True, slots=True)
class CreatedAccount:
    user: User
    generated_password: str | None


class AdminBootstrap:
    """Creates administrators from the command line (and the first one on an empty platform)."""

    def __init__(self, *, users: UserRepository, hasher: PasswordHasher) -> None:
        self._users = users
        self._hasher = hasher

    async def create_admin(
        self,
        email: str,
        password: str | None = None,
        *,
        first_name: str = "School",
        last_name: str = "Administrator",
    ) -> CreatedAccount:
        email = check_email(email)
        generated = None
        if password is None:
            password = generated = generate_password()
        else:
            check_new_password(password, email=email)
        user = await self._users.add(
            NewUser(
                email=email,
                first_name=first_name,
                last_name=last_name,
                role=Role.ADMIN,
                password_hash=await self._hasher.hash(password),
                # A password printed on a console is shared knowledge: the admin must replace it.
                must_change_password=generated is not None,
            )
        )
        return CreatedAccount(user=user, generated_password=generated)

    async def is_empty(self) -> bool:
        return await self._users.count() == 0


class SessionHousekeeping:
    """Removes sign-in sessions that can never be used again."""

    def __init__(self, *, sessions: SessionRepository, clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def purge(self) -> int:
        return await self._sessions.purge_expired(self._clock.now())
