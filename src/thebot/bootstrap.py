"""The composition root: Settings in, adapters built, services handed out.

Each entrypoint (the HTTP app, the SAQ worker, the CLI) builds one ``Container``, starts it, and
closes it when it stops. Nothing else constructs adapters or reads the environment.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
import structlog
from litestar.channels import ChannelsPlugin
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from thebot.adapters.db.engine import (
    create_engine,
    create_read_session_factory,
    create_session_factory,
)
from thebot.adapters.db.queries.dashboards import SqlDashboardQueries
from thebot.adapters.db.routing import ReplicaRouting, create_replica_routing
from thebot.adapters.db.uow import SqlUnitOfWork
from thebot.adapters.dev_payments import DevelopmentGateway
from thebot.adapters.files import ContentInspector
from thebot.adapters.images import PillowImageSanitizer
from thebot.adapters.jobs import InProcessJobQueue, JobSpec, SaqJobQueue, create_saq_queue
from thebot.adapters.metrics import Metrics
from thebot.adapters.pachca import HttpPachcaNotifier
from thebot.adapters.presence import MemoryPresence, RedisPresence
from thebot.adapters.realtime import ChannelsRealtimePublisher, create_channels_plugin
from thebot.adapters.redis_client import create_redis
from thebot.adapters.s3 import S3FileStorage
from thebot.adapters.s3_signing import Credentials
from thebot.adapters.security import Argon2PasswordHasher, JwtAccessTokens
from thebot.adapters.storage import LocalFileStorage
from thebot.adapters.subscriptions import UserFeeds
from thebot.adapters.throttle import MemoryAttemptLog, RedisAttemptLog
from thebot.adapters.tickets import MemoryTicketStore, RedisTicketStore
from thebot.adapters.yookassa import YooKassaGateway
from thebot.config import Environment, PaymentGatewayKind, Settings
from thebot.domain.accounts.ports import AttemptLog, TicketStore
from thebot.domain.accounts.services import (
    AdminBootstrap,
    AuthService,
    SessionHousekeeping,
    TokenLifetimes,
)
from thebot.domain.accounts.throttle import LoginThrottle, ThrottleRule
from thebot.domain.accounts.tickets import SocketTickets
from thebot.domain.dashboards.services import DashboardService
from thebot.domain.files.services import FileService
from thebot.domain.forum.pachca import DeliveryPolicy, PachcaDelivery, Sleep
from thebot.domain.forum.services import ForumService, RoomSync
from thebot.domain.learning.enrollments import EnrollmentService
from thebot.domain.learning.homework import HomeworkService
from thebot.domain.learning.materials import MaterialService
from thebot.domain.learning.ports import EnrollmentHook
from thebot.domain.learning.reports import ReportService
from thebot.domain.learning.study_plans import StudyPlanService
from thebot.domain.learning.subjects import SubjectService
from thebot.domain.learning.submissions import SubmissionService
from thebot.domain.notifications.services import NotificationService, Notifier
from thebot.domain.payments.gateway import PaymentGateway
from thebot.domain.payments.services import PaymentService, ReceiptSettings
from thebot.domain.people.services import PeopleService
from thebot.domain.profiles.services import ProfileService
from thebot.domain.scheduling.calendar import CalendarService, FeedTokens
from thebot.domain.scheduling.lessons import LessonService
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
        ticket_store: TicketStore,
        presence: MemoryPresence | RedisPresence,
        redis: Redis | None,
        channels: ChannelsPlugin,
        storage: LocalFileStorage | S3FileStorage,
        jobs: SaqJobQueue | InProcessJobQueue,
        job_context: dict[str, Any],
        pachca_notifier: HttpPachcaNotifier | None = None,
        payment_gateway: PaymentGateway | None = None,
        replicas: ReplicaRouting | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.settings = settings
        # This process's Prometheus metrics (served by ``/metrics``, and by the worker's port).
        self.metrics = metrics or Metrics()
        self.engine = engine
        self.session_factory = session_factory
        self.read_session_factory = create_read_session_factory(engine) or session_factory
        # None unless read replicas are configured: then every unit stays on the primary.
        self.replicas = replicas
        self.clock = clock
        self.hasher = hasher
        self.access_tokens = access_tokens
        self.attempt_log = attempt_log
        self.ticket_store = ticket_store
        self.presence = presence
        self.redis = redis
        self.channels = channels
        self.feeds = UserFeeds(channels, redis)
        self.storage = storage
        self.jobs = jobs
        self.job_context = job_context
        # None unless Pachca is configured: then the forum writes no outbox rows either.
        self.pachca_notifier = pachca_notifier
        self.payment_gateway: PaymentGateway = payment_gateway or _payment_gateway(settings)
        # How background work waits (tests under a FakeClock move the clock instead).
        self.sleep: Sleep = asyncio.sleep
        self.image_sanitizer = PillowImageSanitizer()
        self.file_inspector = ContentInspector()
        self._closed = False

    # ----- units of work and services -------------------------------------------------------

    def unit_of_work(self, *, read_only: bool = False, replica: bool = False) -> SqlUnitOfWork:
        """A unit of work; ``read_only`` for work that only reads (it opens no transaction on
        PostgreSQL, saving two round trips); ``replica`` as well for reads that may come from a
        read replica, when there are any (see ``thebot.adapters.db.routing``)."""
        if read_only and replica and self.replicas is not None:
            return self.replicas.unit_of_work()
        return SqlUnitOfWork(self.read_session_factory if read_only else self.session_factory)

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
            link_hooks=[self.room_sync(uow)],
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

    def notifier(self, uow: SqlUnitOfWork) -> Notifier:
        """What every service calls to notify people of its events, in its own transaction."""
        return Notifier(
            notifications=uow.notifications,
            realtime=self.realtime,
            transaction=uow,
            clock=self.clock,
            presence=self.presence,
            absolute_url=self.settings.urls.app_path,
        )

    def notification_service(self, uow: SqlUnitOfWork) -> NotificationService:
        return NotificationService(notifications=uow.notifications, clock=self.clock)

    def subject_service(self, uow: SqlUnitOfWork) -> SubjectService:
        return SubjectService(subjects=uow.subjects, audit=uow.audit, clock=self.clock)

    def room_sync(self, uow: SqlUnitOfWork) -> RoomSync:
        return RoomSync(chats=uow.chats, clock=self.clock)

    def enrollment_hooks(self, uow: SqlUnitOfWork) -> list[EnrollmentHook]:
        """Who reacts to enrollments, in the same transaction: the forum makes its rooms."""
        return [self.room_sync(uow)]

    def forum_service(self, uow: SqlUnitOfWork) -> ForumService:
        return ForumService(
            chats=uow.chats,
            outbox=uow.outbox if self.settings.pachca_configured else None,
            realtime=self.realtime,
            transaction=uow,
            notifier=self.notifier(uow),
            jobs=self.jobs,
            clock=self.clock,
        )

    def enrollment_service(self, uow: SqlUnitOfWork) -> EnrollmentService:
        return EnrollmentService(
            enrollments=uow.enrollments,
            subjects=uow.subjects,
            people=uow.people,
            audit=uow.audit,
            notifier=self.notifier(uow),
            clock=self.clock,
            hooks=self.enrollment_hooks(uow),
        )

    def report_service(self, uow: SqlUnitOfWork) -> ReportService:
        return ReportService(
            reports=uow.reports,
            enrollments=uow.enrollments,
            subjects=uow.subjects,
            people=uow.people,
            notifier=self.notifier(uow),
            clock=self.clock,
        )

    def study_plan_service(self, uow: SqlUnitOfWork) -> StudyPlanService:
        return StudyPlanService(
            plans=uow.study_plans,
            people=uow.people,
            files=self.file_service(uow),
            notifier=self.notifier(uow),
            clock=self.clock,
        )

    def material_service(self, uow: SqlUnitOfWork) -> MaterialService:
        return MaterialService(
            materials=uow.materials,
            enrollments=uow.enrollments,
            files=self.file_service(uow),
            notifier=self.notifier(uow),
            clock=self.clock,
        )

    def homework_service(self, uow: SqlUnitOfWork) -> HomeworkService:
        return HomeworkService(
            homework=uow.homework,
            enrollments=uow.enrollments,
            files=self.file_service(uow),
            notifier=self.notifier(uow),
            clock=self.clock,
            zone=self.settings.zone,
        )

    def submission_service(self, uow: SqlUnitOfWork) -> SubmissionService:
        return SubmissionService(
            homework=uow.homework,
            submissions=uow.submissions,
            files=self.file_service(uow),
            notifier=self.notifier(uow),
            clock=self.clock,
        )

    def lesson_service(self, uow: SqlUnitOfWork) -> LessonService:
        return LessonService(
            lessons=uow.lessons,
            realtime=self.realtime,
            transaction=uow,
            notifier=self.notifier(uow),
            clock=self.clock,
            zone=self.settings.zone,
        )

    def payment_service(self, uow: SqlUnitOfWork) -> PaymentService:
        settings = self.settings
        receipts = None
        if settings.yookassa_receipts:
            receipts = ReceiptSettings(
                vat_code=settings.yookassa_vat_code,
                tax_system_code=settings.yookassa_tax_system_code,
            )
        return PaymentService(
            payments=uow.payments,
            gateway=self.payment_gateway,
            provider=settings.effective_payment_gateway.value,
            transaction=uow,
            realtime=self.realtime,
            notifier=self.notifier(uow),
            audit=uow.audit,
            clock=self.clock,
            zone=settings.zone,
            # Where the provider sends the payer back: the web app's page of the payment.
            return_url=lambda payment_id: settings.urls.app_path(f"/payments/{payment_id}"),
            receipts=receipts,
        )

    def dashboard_service(self, uow: SqlUnitOfWork) -> DashboardService:
        return DashboardService(
            queries=SqlDashboardQueries(uow.session, self.storage.url, self.settings.zone),
            clock=self.clock,
        )

    def calendar_service(self, uow: SqlUnitOfWork) -> CalendarService:
        api_base = self.settings.urls.api_base
        return CalendarService(
            feeds=uow.calendar,
            lessons=uow.calendar,
            tokens=FeedTokens(self.settings.effective_secret_key),
            feed_url=lambda token: f"{api_base}/calendar.ics?{urlencode({'token': token})}",
            clock=self.clock,
            timezone=self.settings.timezone,
        )

    def admin_bootstrap(self, uow: SqlUnitOfWork) -> AdminBootstrap:
        return AdminBootstrap(users=uow.users, hasher=self.hasher)

    def socket_tickets(self, uow: SqlUnitOfWork) -> SocketTickets:
        return SocketTickets(store=self.ticket_store, sessions=uow.sessions, clock=self.clock)

    def session_housekeeping(self, uow: SqlUnitOfWork) -> SessionHousekeeping:
        return SessionHousekeeping(sessions=uow.sessions, clock=self.clock)

    def pachca_delivery(self, *, sleep: Sleep | None = None) -> PachcaDelivery | None:
        """Delivery of the Pachca outbox (its own units of work), or None when not configured."""
        if self.pachca_notifier is None:
            return None
        return PachcaDelivery(
            units=self.unit_of_work,
            notifier=self.pachca_notifier,
            clock=self.clock,
            sleep=sleep or self.sleep,
            policy=DeliveryPolicy(post_seconds=self.settings.pachca_timeout_seconds + 1),
        )

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
        if self.pachca_notifier is not None:
            steps.append(("pachca", self.pachca_notifier.close))
        steps.append(("payments", self.payment_gateway.close))
        if isinstance(self.storage, S3FileStorage):
            steps.append(("storage", self.storage.close))
        if isinstance(self.presence, RedisPresence):
            steps.append(("presence", self.presence.close))
        if self.redis is not None:
            steps.append(("redis", self.redis.aclose))
        if self.replicas is not None:
            steps.append(("replicas", self.replicas.close))
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
    redis = create_redis(settings.redis_url) if settings.redis_url else None
    specs = {spec.name: spec for spec in job_specs}
    job_context: dict[str, Any] = {}
    metrics = Metrics()
    jobs: SaqJobQueue | InProcessJobQueue
    if settings.redis_url:
        jobs = SaqJobQueue(create_saq_queue(settings.redis_url), specs)
    else:
        jobs = InProcessJobQueue(specs, job_context, metrics)
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
        ticket_store=RedisTicketStore(redis) if redis is not None else MemoryTicketStore(),
        presence=RedisPresence(redis) if redis is not None else MemoryPresence(),
        redis=redis,
        channels=create_channels_plugin(redis),
        storage=_file_storage(settings),
        jobs=jobs,
        job_context=job_context,
        pachca_notifier=_pachca_notifier(settings),
        replicas=_replicas(settings, engine, redis),
        metrics=metrics,
    )
    job_context["container"] = container
    return container


def _file_storage(settings: Settings) -> LocalFileStorage | S3FileStorage:
    if not settings.s3_configured:
        return LocalFileStorage(settings.media_path, settings.urls.media_base)
    # Settings refuse an endpoint without the bucket and keys (see Settings.problems).
    assert settings.s3_endpoint_url is not None
    assert settings.s3_bucket is not None
    assert settings.s3_access_key_id is not None
    assert settings.s3_secret_access_key is not None
    return S3FileStorage(
        endpoint_url=settings.s3_endpoint_url,
        bucket=settings.s3_bucket,
        credentials=Credentials(
            settings.s3_access_key_id, settings.s3_secret_access_key, settings.s3_region
        ),
        public_base_url=settings.urls.media_base,
        timeout=settings.s3_timeout_seconds,
    )


def _payment_gateway(settings: Settings) -> PaymentGateway:
    if settings.effective_payment_gateway is PaymentGatewayKind.DEVELOPMENT:
        return DevelopmentGateway(f"{settings.urls.api_base}/payments/dev")
    # Settings refuse a YooKassa gateway without both (see Settings.problems).
    assert settings.yookassa_shop_id is not None
    assert settings.yookassa_secret_key is not None
    return YooKassaGateway(
        settings.yookassa_api_url,
        settings.yookassa_shop_id,
        settings.yookassa_secret_key,
        settings.yookassa_timeout_seconds,
    )


def _replicas(
    settings: Settings, engine: AsyncEngine, redis: Redis | None
) -> ReplicaRouting | None:
    if not settings.database_replica_urls:
        return None
    return create_replica_routing(
        engine, settings.database_replica_urls, redis, settings.database_replica_sticky_seconds
    )


def _pachca_notifier(settings: Settings) -> HttpPachcaNotifier | None:
    if not (settings.pachca_configured and settings.pachca_token and settings.pachca_chat_id):
        return None
    return HttpPachcaNotifier(
        settings.pachca_api_url,
        settings.pachca_token,
        settings.pachca_chat_id,
        settings.pachca_timeout_seconds,
    )
