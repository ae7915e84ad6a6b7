"""``create_app(settings)``: the Litestar application."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Request, Router
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import ClientException, HTTPException
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router
from litestar.types import ASGIApp

from thebot import __version__
from thebot.adapters.dev_payments import DevelopmentGateway
from thebot.bootstrap import Container, build_container
from thebot.config import Settings
from thebot.domain.shared.errors import DomainError
from thebot.entrypoints.http.controllers.admin import AdminController
from thebot.entrypoints.http.controllers.auth import AuthController
from thebot.entrypoints.http.controllers.calendar import CalendarController, get_calendar_ics
from thebot.entrypoints.http.controllers.dashboards import DashboardController
from thebot.entrypoints.http.controllers.dev_payments import DevPaymentController
from thebot.entrypoints.http.controllers.forum import ForumController
from thebot.entrypoints.http.controllers.homework import (
    AssignmentController,
    SubmissionController,
)
from thebot.entrypoints.http.controllers.learning import EnrollmentController, SubjectController
from thebot.entrypoints.http.controllers.lessons import LessonController
from thebot.entrypoints.http.controllers.materials import MaterialController
from thebot.entrypoints.http.controllers.notifications import NotificationController
from thebot.entrypoints.http.controllers.payments import (
    PaymentController,
    SubscriptionController,
    receive_yookassa_notification,
)
from thebot.entrypoints.http.controllers.profile import ProfileController, get_related_user
from thebot.entrypoints.http.controllers.reports import ReportController
from thebot.entrypoints.http.controllers.study_plans import StudyPlanController
from thebot.entrypoints.http.controllers.system import api_docs, health, public_config, ready
from thebot.entrypoints.http.deps import (
    authenticate,
    provide_container,
    provide_principal,
    provide_uow,
)
from thebot.entrypoints.http.metrics import metrics
from thebot.entrypoints.http.middleware import RequestEdge
from thebot.entrypoints.http.openapi_problems import ProblemDocumentation
from thebot.entrypoints.http.problems import (
    domain_error_handler,
    http_error_handler,
    unexpected_error_handler,
)
from thebot.entrypoints.http.shutdown import Departure, SignalHook
from thebot.entrypoints.http.text_guard import refuse_nul_in_json, refuse_nul_in_query
from thebot.entrypoints.http.web import create_web_app_handler
from thebot.entrypoints.http.ws import create_socket_ticket, user_socket
from thebot.entrypoints.jobs import JOB_SPECS
from thebot.entrypoints.logging import configure_logging

JSON_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class TheBotApp(Litestar):
    """Litestar with ``RequestEdge`` outermost, so that even responses of unknown routes carry
    the request id and security headers and get their log line."""

    def _create_asgi_handler(self) -> ASGIApp:
        return RequestEdge(
            super()._create_asgi_handler(),
            hsts=self.state.get("hsts", False),
            metrics=self.state.get("metrics"),
        )


def create_app(settings: Settings | None = None, *, container: Container | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    configure_logging(settings)
    container = container or build_container(settings, job_specs=JOB_SPECS)

    # The development gateway's confirmation pages exist only where that gateway is in use.
    dev_pages = (
        [DevPaymentController] if isinstance(container.payment_gateway, DevelopmentGateway) else []
    )
    api = Router(
        path="/api/v1",
        route_handlers=[
            AuthController,
            ProfileController,
            get_related_user,
            AdminController,
            SubjectController,
            EnrollmentController,
            AssignmentController,
            SubmissionController,
            MaterialController,
            ReportController,
            StudyPlanController,
            CalendarController,
            get_calendar_ics,
            DashboardController,
            ForumController,
            LessonController,
            PaymentController,
            SubscriptionController,
            NotificationController,
            receive_yookassa_notification,
            *dev_pages,
            create_socket_ticket,
            user_socket,
            public_config,
        ],
        guards=[authenticate, refuse_nul_in_query],
    )
    # Avatars are public by design (random names); other files go through access-checked routes.
    # Open sockets close with 1001 when the server is told to stop (see shutdown.py).
    departure = Departure()
    signals = SignalHook(departure)
    return TheBotApp(
        # The web app answers every other path (excluded from the schema, see web.py).
        route_handlers=[
            api,
            health,
            ready,
            api_docs,
            metrics,
            *_local_avatars(settings),
            create_web_app_handler(settings),
        ],
        dependencies={
            "container": Provide(provide_container, sync_to_thread=False),
            "uow": Provide(provide_uow, sync_to_thread=False),
            "principal": Provide(provide_principal, sync_to_thread=False),
        },
        plugins=[container.channels, ProblemDocumentation()],
        state=State(
            {
                "container": container,
                "hsts": settings.is_production,
                "metrics": container.metrics,
                "departure": departure,
            }
        ),
        exception_handlers={
            DomainError: domain_error_handler,
            HTTPException: http_error_handler,
            Exception: unexpected_error_handler,
        },
        before_request=refuse_non_json_bodies,
        cors_config=CORSConfig(
            allow_origins=list(settings.effective_cors_origins),
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
            allow_credentials=False,
            max_age=600,
        ),
        openapi_config=OpenAPIConfig(
            title="THE BOT API",
            version=__version__,
            description="The HTTP API of THE BOT, the platform of a private tutoring school.",
            path="/api/schema",
            render_plugins=[ScalarRenderPlugin()],
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
                }
            ),
            use_handler_docstrings=True,
        ),
        request_max_body_size=settings.max_request_body_bytes,
        on_startup=[container.start, signals.install],
        on_shutdown=[signals.uninstall, container.close, container.metrics.process_ended],
        debug=False,
        # Logging is configured once, by configure_logging(), for every entrypoint alike.
        logging_config=None,
    )


def _local_avatars(settings: Settings) -> list[Router]:
    """Avatars in the local media folder, served here; with S3 browsers fetch them from there."""
    if settings.s3_configured:
        return []
    avatars = settings.media_path / "avatars"
    avatars.mkdir(parents=True, exist_ok=True)
    return [
        create_static_files_router(
            path="/media/avatars", directories=[avatars], include_in_schema=False, name="avatars"
        )
    ]


async def refuse_non_json_bodies(request: Request[Any, Any, Any]) -> None:
    """A body sent to a JSON endpoint must be JSON (415 otherwise), unless the handler says."""
    if request.method not in JSON_BODY_METHODS:
        return
    accepted = request.route_handler.opt.get("body_media_types", ("application/json",))
    has_body = request.headers.get("content-length", "0") != "0" or (
        "transfer-encoding" in request.headers
    )
    if not has_body:
        return
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in accepted and not (
        media_type.endswith("+json") and "application/json" in accepted
    ):
        raise ClientException(f"Send the body as {' or '.join(accepted)}.", status_code=415)
    if media_type == "application/json" or media_type.endswith("+json"):
        refuse_nul_in_json(await request.body())
