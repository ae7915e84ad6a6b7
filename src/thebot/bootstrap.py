"""The composition root: Settings in, adapters built, services handed out.

Each entrypoint (the HTTP app, the SAQ worker, the CLI) builds one ``Container``, starts it, and
closes it when it stops. Nothing else constructs adapters or reads the environment.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import anyio.to_thread
import structlog
from litestar.channels import ChannelsPlugin
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from thebot.adapters.db.engine import create_engine, create_session_factory
from thebot.adapters.db.queries.dashboards import SqlDashboardQueries
from thebot.adapters.db.uow import SqlUnitOfWork
from thebot.adapters.files import ContentInspector
from thebot.adapters.images import PillowImageSanitizer
from thebot.adapters.jobs import InProcessJobQueue, JobSpec, SaqJobQueue, create_saq_queue
from thebot.adapters.realtime import ChannelsRealtimePublisher, create_channels_plugin
from thebot.adapters.security import Argon2PasswordHasher, JwtAccessTokens
from thebot.adapters.storage import LocalFileStorage
from thebot.adapters.throttle import MemoryAttemptLog, RedisAttemptLog
from thebot.config import Environment, Settings
from thebot.domain.accounts.ports import AttemptLog
from thebot.domain.accounts.services import (
    AdminBootstrap,
    AuthService,
    SessionHousekeeping,
    TokenLifetimes,
)
from thebot.domain.accounts.throttle import LoginThrottle, ThrottleRule
from thebot.domain.dashboards.services import DashboardService
from thebot.domain.files.services import FileService
from thebot.domain.learning.enrollments import EnrollmentService
from thebot.domain.learning.homework import HomeworkService
from thebot.domain.learning.materials import MaterialService
from thebot.domain.learning.ports import EnrollmentHook
from thebot.domain.learning.reports import ReportService
from thebot.domain.learning.subjects import SubjectService
from thebot.domain.learning.submissions import SubmissionService
from thebot.domain.people.services import PeopleService
from thebot.domain.profiles.services import ProfileService
from thebot.domain.shared.clock import SystemClock
from thebot.domain.shared.ports import Clock

log = structlog.get_logger("thebot.bootstrap")


class Container:
    """Every adapter of one process. A plain class on purpose: the HTTP edge injects it as is."""

    def __init__(
        self,
        *,
        settings: Settings,
        engine: AsyncEngine,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        hasher: Argon2PasswordHasher,
        access_tokens: JwtAccessTokens,
        attempt_log: AttemptLog,
        redis: Redis | None,
        channels: ChannelsPlugin,
        storage: LocalFileStorage,
        jobs: SaqJobQueue | InProcessJobQueue,
        job_context: dict[str, Any],
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.session_factory = session_factory
        self.clock = clock
        self.hasher = hasher
        self.access_tokens = access_tokens
        self.attempt_log = attempt_log
        self.redis = redis
        self.channels = channels
        self.storage = storage
        self.jobs = jobs
        self.job_context = job_context
        self.image_sanitizer = PillowImageSanitizer()
        self.file_inspector = ContentInspector()
        self._closed = False

    # ----- units of work and services -------------------------------------------------------

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    @property
    def realtime(self) -> ChannelsRealtimePublisher:
        return ChannelsRealtimePublisher(self.channels)

    def login_throttle(self) -> LoginThrottle:
        window = self.settings.login_window_seconds
        return LoginThrottle(
            self.attempt_log,
            by_email=ThrottleRule("email", self.settings.login_failures_per_email, window),
            by_address=ThrottleRule("address", self.settings.login_failures_per_address, window),
        )

    def auth_service(self, uow: SqlUnitOfWork) -> AuthService:
        return AuthService(
            users=uow.users,
            sessions=uow.sessions,
            hasher=self.hasher,
            tokens=self.access_tokens,
            throttle=self.login_throttle(),
            clock=self.clock,
            lifetimes=TokenLifetimes(
                access_seconds=self.settings.access_token_ttl_seconds,
                refresh_seconds=self.settings.refresh_token_ttl_seconds,
            ),
        )

    def people_service(self, uow: SqlUnitOfWork) -> PeopleService:
        return PeopleService(
            people=uow.people,
            sessions=uow.sessions,
            hasher=self.hasher,
            audit=uow.audit,
            attempts=self.attempt_log,
            clock=self.clock,
        )

    def profile_service(self, uow: SqlUnitOfWork) -> ProfileService:
        return ProfileService(
            people=uow.people,
            storage=self.storage,
            sanitizer=self.image_sanitizer,
            transaction=uow,
            run_blocking=anyio.to_thread.run_sync,
        )

    def file_service(self, uow: SqlUnitOfWork) -> FileService:
        return FileService(
            records=uow.files,
            storage=self.storage,
            inspector=self.file_inspector,
            transaction=uow,
        )

    def subject_service(self, uow: SqlUnitOfWork) -> SubjectService:
        return SubjectService(subjects=uow.subjects)

    def enrollment_hooks(self, uow: SqlUnitOfWork) -> list[EnrollmentHook]:
        """Who reacts to enrollments, in the same transaction (the forum, once it exists)."""
        return []

    def enrollment_service(self, uow: SqlUnitOfWork) -> EnrollmentService:
        return EnrollmentService(
            enrollments=uow.enrollments,
            subjects=uow.subjects,
            people=uow.people,
            audit=uow.audit,
            clock=self.clock,
            hooks=self.enrollment_hooks(uow),
        )

    def report_service(self, uow: SqlUnitOfWork) -> ReportService:
        return ReportService(
            reports=uow.reports,
            enrollments=uow.enrollments,
            subjects=uow.subjects,
            people=uow.people,
            clock=self.clock,
        )

    def material_service(self, uow: SqlUnitOfWork) -> MaterialService:
        return MaterialService(
            materials=uow.materials,
            enrollments=uow.enrollments,
            files=self.file_service(uow),
            clock=self.clock,
        )

    def homework_service(self, uow: SqlUnitOfWork) -> HomeworkService:
        return HomeworkService(
            homework=uow.homework,
            enrollments=uow.enrollments,
            files=self.file_service(uow),
            clock=self.clock,
        )

    def submission_service(self, uow: SqlUnitOfWork) -> SubmissionService:
        return SubmissionService(
            homework=uow.homework,
            submissions=uow.submissions,
            files=self.file_service(uow),
            clock=self.clock,
        )

    def dashboard_service(self, uow: SqlUnitOfWork) -> DashboardService:
        return DashboardService(
            queries=SqlDashboardQueries(uow.session, self.storage.url), clock=self.clock
        )

    def admin_bootstrap(self, uow: SqlUnitOfWork) -> AdminBootstrap:
        return AdminBootstrap(users=uow.users, hasher=self.hasher)

    def session_housekeeping(self, uow: SqlUnitOfWork) -> SessionHousekeeping:
        return SessionHousekeeping(sessions=uow.sessions, clock=self.clock)

    # ----- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        if isinstance(self.jobs, InProcessJobQueue):
            self.jobs.start()

    async def close(self) -> None:
        """Release everything, each part even when another fails; closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        steps: list[tuple[str, Callable[[], Awaitable[Any]]]] = [("jobs", self.jobs.close)]
        if self.redis is not None:
            steps.append(("redis", self.redis.aclose))
        steps.append(("database", self.engine.dispose))
        for name, step in steps:
            try:
                await step()
            except Exception:
                log.warning("could not close cleanly", part=name, exc_info=True)


def build_container(
    settings: Settings,
    *,
    job_specs: Iterable[JobSpec] = (),
    clock: Clock | None = None,
) -> Container:
    engine = create_engine(settings.effective_database_url)
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
    specs = {spec.name: spec for spec in job_specs}
    job_context: dict[str, Any] = {}
    jobs: SaqJobQueue | InProcessJobQueue
    if settings.redis_url:
        jobs = SaqJobQueue(create_saq_queue(settings.redis_url), specs)
    else:
        jobs = InProcessJobQueue(specs, job_context)
    container = Container(
        settings=settings,
        engine=engine,
        session_factory=create_session_factory(engine),
        clock=clock or SystemClock(),
        hasher=Argon2PasswordHasher(cheap=settings.env is Environment.TEST),
        access_tokens=JwtAccessTokens(
            settings.effective_secret_key, settings.access_token_ttl_seconds
        ),
        attempt_log=RedisAttemptLog(redis) if redis is not None else MemoryAttemptLog(),
        redis=redis,
        channels=create_channels_plugin(redis),
        storage=LocalFileStorage(settings.media_path, settings.urls.media_base),
        jobs=jobs,
        job_context=job_context,
    )
    job_context["container"] = container
    return container
