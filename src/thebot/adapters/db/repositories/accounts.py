"""Users and sign-in sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from thebot.adapters.db.models.accounts import AuthSessionModel, RefreshTokenModel, UserModel
from thebot.domain.accounts.entities import (
    AccessClaims,
    AuthSession,
    NewUser,
    Principal,
    RefreshToken,
    Role,
    User,
    UserCredentials,
)
from thebot.domain.shared.errors import Conflict, NotFound


def to_user(row: UserModel) -> User:
    return User(
        id=row.id,
        email=row.email,
        first_name=row.first_name,
        last_name=row.last_name,
        phone=row.phone,
        role=Role(row.role),
        is_active=row.is_active,
        must_change_password=row.must_change_password,
        last_login_at=row.last_login_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        created_by_id=row.created_by_id,
        avatar_key=row.avatar_key,
    )


_USER_COLUMNS = (
    UserModel.id,
    UserModel.email,
    UserModel.first_name,
    UserModel.last_name,
    UserModel.phone,
    UserModel.role,
    UserModel.is_active,
    UserModel.must_change_password,
    UserModel.last_login_at,
    UserModel.created_at,
    UserModel.updated_at,
    UserModel.created_by_id,
    UserModel.avatar_key,
)


def _user_from_columns(row: Any) -> User:
    return User(
        id=row.id,
        email=row.email,
        first_name=row.first_name,
        last_name=row.last_name,
        phone=row.phone,
        role=Role(row.role),
        is_active=row.is_active,
        must_change_password=row.must_change_password,
        last_login_at=row.last_login_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        created_by_id=row.created_by_id,
        avatar_key=row.avatar_key,
    )


# Runs on every authenticated request: built once, read as plain columns.
_PRINCIPAL = (
    select(*_USER_COLUMNS)
    .join(AuthSessionModel, AuthSessionModel.user_id == UserModel.id)
    .where(
        UserModel.id == bindparam("user_id"),
        UserModel.is_active.is_(True),
        AuthSessionModel.id == bindparam("session_id"),
        AuthSessionModel.revoked_at.is_(None),
    )
)


class SqlUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _row(self, user_id: UUID) -> UserModel:
        row = await self._session.get(UserModel, user_id)
        if row is None:
            raise NotFound("User not found.")
        return row

    async def get(self, user_id: UUID) -> User:
        return to_user(await self._row(user_id))

    async def find_credentials(self, email: str) -> UserCredentials | None:
        row = await self._session.scalar(select(UserModel).where(UserModel.email == email))
        if row is None:
            return None
        return UserCredentials(user=to_user(row), password_hash=row.password_hash)

    async def get_credentials(self, user_id: UUID) -> UserCredentials:
        row = await self._row(user_id)
        return UserCredentials(user=to_user(row), password_hash=row.password_hash)

    async def add(self, user: NewUser) -> User:
        row = UserModel(
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            phone=user.phone,
            role=user.role.value,
            is_active=True,
            must_change_password=user.must_change_password,
            password_hash=user.password_hash,
            created_by_id=user.created_by_id,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError as exc:
            if "email" in str(exc.orig).lower():
                raise Conflict(f"A user with the email {user.email} already exists.") from exc
            raise
        return to_user(row)

    async def count(self) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(UserModel)) or 0)

    async def record_login(self, user_id: UUID, at: datetime) -> None:
        await self._session.execute(
            update(UserModel).where(UserModel.id == user_id).values(last_login_at=at)
        )

    async def set_password(self, user_id: UUID, password_hash: str, *, must_change: bool) -> None:
        await self._session.execute(
            update(UserModel)
            .where(UserModel.id == user_id)
            .values(password_hash=password_hash, must_change_password=must_change)
        )

    async def set_active(self, user_id: UUID, active: bool) -> None:
        await self._session.execute(
            update(UserModel).where(UserModel.id == user_id).values(is_active=active)
        )


class SqlSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def start(
        self, user_id: UUID, at: datetime, user_agent: str | None, address: str | None
    ) -> AuthSession:
        row = AuthSessionModel(
            user_id=user_id,
            created_at=at,
            last_used_at=at,
            user_agent=(user_agent or "")[:255] or None,
            address=(address or "")[:64] or None,
        )
        self._session.add(row)
        await self._session.flush()
        return AuthSession(id=row.id, user_id=user_id, created_at=at)

    async def add_refresh_token(
        self, session_id: UUID, token_hash: str, issued_at: datetime, expires_at: datetime
    ) -> None:
        self._session.add(
            RefreshTokenModel(
                session_id=session_id,
                token_hash=token_hash,
                issued_at=issued_at,
                expires_at=expires_at,
            )
        )
        await self._session.flush()

    async def find_refresh_token(self, token_hash: str) -> RefreshToken | None:
        row = (
            await self._session.execute(
                select(
                    RefreshTokenModel.id,
                    RefreshTokenModel.session_id,
                    RefreshTokenModel.expires_at,
                    RefreshTokenModel.used_at,
                    AuthSessionModel.user_id,
                    AuthSessionModel.revoked_at,
                )
                .join(AuthSessionModel, AuthSessionModel.id == RefreshTokenModel.session_id)
                .where(RefreshTokenModel.token_hash == token_hash)
            )
        ).one_or_none()
        if row is None:
            return None
        return RefreshToken(
            id=row.id,
            session_id=row.session_id,
            user_id=row.user_id,
            expires_at=row.expires_at,
            used_at=row.used_at,
            session_revoked_at=row.revoked_at,
        )

    async def mark_used(self, token_id: UUID, at: datetime) -> bool:
        # A conditional update: of two concurrent refreshes with one token, exactly one wins.
        result = await self._session.execute(
            update(RefreshTokenModel)
            .where(RefreshTokenModel.id == token_id, RefreshTokenModel.used_at.is_(None))
            .values(used_at=at)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        # The session was used now (sign-in sets this when the session starts).
        await self._session.execute(
            update(AuthSessionModel)
            .where(
                AuthSessionModel.id
                == select(RefreshTokenModel.session_id)
                .where(RefreshTokenModel.id == token_id)
                .scalar_subquery()
            )
            .values(last_used_at=at)
        )
        return True

    async def revoke(self, session_id: UUID, at: datetime, reason: str) -> None:
        await self._session.execute(
            update(AuthSessionModel)
            .where(AuthSessionModel.id == session_id, AuthSessionModel.revoked_at.is_(None))
            .values(revoked_at=at, revoked_reason=reason)
        )

    async def revoke_all(
        self, user_id: UUID, at: datetime, reason: str, *, keep: UUID | None = None
    ) -> int:
        statement = update(AuthSessionModel).where(
            AuthSessionModel.user_id == user_id, AuthSessionModel.revoked_at.is_(None)
        )
        if keep is not None:
            statement = statement.where(AuthSessionModel.id != keep)
        result = await self._session.execute(statement.values(revoked_at=at, revoked_reason=reason))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def principal(self, claims: AccessClaims) -> Principal | None:
        # Every request asks this: Core execution on the session's connection skips the ORM's
        # execution layer (the select loads no ORM objects).
        connection = await self._session.connection()
        row = (
            await connection.execute(
                _PRINCIPAL, {"user_id": claims.user_id, "session_id": claims.session_id}
            )
        ).one_or_none()
        if row is None:
            return None
        return Principal(user=_user_from_columns(row), session_id=claims.session_id)

    async def purge_expired(self, before: datetime) -> int:
        live_token = exists().where(
            RefreshTokenModel.session_id == AuthSessionModel.id,
            RefreshTokenModel.expires_at > before,
            RefreshTokenModel.used_at.is_(None),
        )
        result = await self._session.execute(
            delete(AuthSessionModel).where((AuthSessionModel.revoked_at.is_not(None)) | ~live_token)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
