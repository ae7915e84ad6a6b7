"""The unit of work: one database transaction, owned by an entrypoint (request, job, command)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from types import TracebackType

import structlog
from advanced_alchemy.routing import primary_context
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from thebot.adapters.db.repositories.accounts import SqlSessionRepository, SqlUserRepository
from thebot.adapters.db.repositories.audit import SqlAuditLog
from thebot.adapters.db.repositories.calendar import SqlCalendarRepository
from thebot.adapters.db.repositories.files import SqlFileRecords
from thebot.adapters.db.repositories.forum import SqlChatRepository
from thebot.adapters.db.repositories.homework import SqlHomeworkRepository
from thebot.adapters.db.repositories.learning import SqlEnrollmentRepository, SqlSubjectRepository
from thebot.adapters.db.repositories.lessons import SqlLessonRepository
from thebot.adapters.db.repositories.materials import SqlMaterialRepository
from thebot.adapters.db.repositories.notifications import SqlNotificationRepository
from thebot.adapters.db.repositories.outbox import SqlPachcaOutbox
from thebot.adapters.db.repositories.payments import SqlPaymentRepository
from thebot.adapters.db.repositories.people import SqlPeopleRepository
from thebot.adapters.db.repositories.reports import SqlReportRepository
from thebot.adapters.db.repositories.study_plans import SqlStudyPlanRepository
from thebot.adapters.db.repositories.submissions import SqlSubmissionRepository

Action = Callable[[], Awaitable[None]]
log = structlog.get_logger("thebot.uow")


class SqlUnitOfWork:
    """Opens its session on first use; repositories share it. Services never commit."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = session_factory
        self._session: AsyncSession | None = None
        self._after_commit: list[Action] = []
        self._after_rollback: list[Action] = []

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

    @property
    def people(self) -> SqlPeopleRepository:
        return SqlPeopleRepository(self.session)

    @property
    def audit(self) -> SqlAuditLog:
        return SqlAuditLog(self.session)

    @property
    def files(self) -> SqlFileRecords:
        return SqlFileRecords(self.session)

    @property
    def subjects(self) -> SqlSubjectRepository:
        return SqlSubjectRepository(self.session)

    @property
    def enrollments(self) -> SqlEnrollmentRepository:
        return SqlEnrollmentRepository(self.session)

    @property
    def homework(self) -> SqlHomeworkRepository:
        return SqlHomeworkRepository(self.session)

    @property
    def submissions(self) -> SqlSubmissionRepository:
        return SqlSubmissionRepository(self.session)

    @property
    def materials(self) -> SqlMaterialRepository:
        return SqlMaterialRepository(self.session)

    @property
    def reports(self) -> SqlReportRepository:
        return SqlReportRepository(self.session)

    @property
    def study_plans(self) -> SqlStudyPlanRepository:
        return SqlStudyPlanRepository(self.session)

    @property
    def chats(self) -> SqlChatRepository:
        return SqlChatRepository(self.session)

    @property
    def outbox(self) -> SqlPachcaOutbox:
        return SqlPachcaOutbox(self.session)

    @property
    def calendar(self) -> SqlCalendarRepository:
        return SqlCalendarRepository(self.session)

    @property
    def lessons(self) -> SqlLessonRepository:
        return SqlLessonRepository(self.session)

    @property
    def payments(self) -> SqlPaymentRepository:
        return SqlPaymentRepository(self.session)

    @property
    def notifications(self) -> SqlNotificationRepository:
        return SqlNotificationRepository(self.session)

    def on_primary(self) -> AbstractContextManager[None]:
        """Statements inside go to the primary even in a unit of work reading from a replica
        (who is signed in must be current: a new session or a revocation counts at once)."""
        return primary_context()

    def after_commit(self, action: Action) -> None:
        self._after_commit.append(action)

    def after_rollback(self, action: Action) -> None:
        self._after_rollback.append(action)

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.commit()
        actions, self._after_commit, self._after_rollback = self._after_commit, [], []
        await _run_all(actions)

    async def rollback(self) -> None:
        if self._session is not None:
            await self._session.rollback()
        actions, self._after_commit, self._after_rollback = self._after_rollback, [], []
        await _run_all(actions)

    async def close(self) -> None:
        """Roll back whatever was not committed and return the connection."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()
        actions, self._after_commit, self._after_rollback = self._after_rollback, [], []
        await _run_all(actions)

    async def __aenter__(self) -> SqlUnitOfWork:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


async def _run_all(actions: list[Action]) -> None:
    """Run follow-up work; a failure is logged, never turned into a failed request."""
    for action in actions:
        try:
            await action()
        except Exception:
            log.exception("follow-up action failed")
