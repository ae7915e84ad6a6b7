"""The unit of work: one database transaction, owned by an entrypoint (request, job, command)."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from thebot.adapters.db.repositories.accounts import SqlSessionRepository, SqlUserRepository


class SqlUnitOfWork:
    """Opens its session on first use; repositories share it. Services never commit."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = session_factory
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._factory()
        return self._session

    @property
    def users(self) -> SqlUserRepository:
        return SqlUserRepository(self.session)

    @property
    def sessions(self) -> SqlSessionRepository:
        return SqlSessionRepository(self.session)

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.commit()

    async def rollback(self) -> None:
        if self._session is not None:
            await self._session.rollback()

    async def close(self) -> None:
        """Roll back whatever was not committed and return the connection."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def __aenter__(self) -> SqlUnitOfWork:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
