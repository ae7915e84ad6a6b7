"""Settings: one object, read from ``THEBOT_*`` environment variables (and an optional ``.env``).

Nothing else in the platform reads the environment. Every absolute URL the platform produces is
derived here, from ``THEBOT_PUBLIC_URL`` of the running environment, so a development machine can
never build a production link and production can never point at a developer's loopback.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

ENV_PREFIX: Final = "THEBOT_"
DEFAULT_PORT: Final = 8000
MIN_SECRET_LENGTH: Final = 32
# Delivery runs must post well within a claim on an outbox row (60 s).
MAX_PACHCA_TIMEOUT: Final = 30
MAX_VAT_CODE: Final = 12
# A file upload or download waits at most this long for the object store.
MAX_S3_TIMEOUT: Final = 60
# YooKassa's notification senders, as published in its webhook documentation.
YOOKASSA_NETWORKS: Final = (
    "185.71.76.0/27",
    "185.71.77.0/27",
    "77.75.153.0/25",
    "77.75.156.11/32",
    "77.75.156.35/32",
    "77.75.154.128/25",
    "2a02:5180::/32",
)

# The development default is public knowledge, so production refuses it like any example value.
DEVELOPMENT_SECRET_KEY: Final = "development-only-secret-key-not-for-production-use"  # noqa: S105
KNOWN_EXAMPLE_SECRETS: Final = frozenset(
    {
        DEVELOPMENT_SECRET_KEY,
        "change-me",
        "changeme",
        "secret",
        "example-secret-key-change-me-before-deploying-anywhere",
        "your-secret-key",
        "insecure",
    }
)


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class PaymentGatewayKind(StrEnum):
    DEVELOPMENT = "development"
    YOOKASSA = "yookassa"


class SettingsError(Exception):
    """The settings cannot run: every problem found is listed, not only the first."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class PublicUrls(msgspec.Struct, frozen=True, kw_only=True):
    """Absolute URLs handed to clients, all derived from one base."""

    app: str
    api_base: str
    websocket: str
    media_base: str

    def app_path(self, path: str) -> str:
        """An absolute link to a page of the web app (``/lessons/…``)."""
        return self.app + "/" + path.lstrip("/")

    def media(self, key: str) -> str:
        return self.media_base + "/" + key.lstrip("/")


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    env: Environment = Environment.DEVELOPMENT
    data_dir: str = "./var"
    database_url: str | None = None
    # Read replicas of the PostgreSQL primary (streaming replication). Handlers that only read
    # (``READ_ONLY``) are served from them; a user who wrote stays on the primary this long.
    database_replica_urls: tuple[str, ...] = ()
    database_replica_sticky_seconds: int = 5
    redis_url: str | None = None
    public_url: str | None = None
    secret_key: str | None = None
    cors_origins: tuple[str, ...] = ()
    timezone: str = "Europe/Moscow"
    log_level: str = "INFO"
    log_format: str | None = None
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    login_failures_per_email: int = 5
    login_failures_per_address: int = 20
    login_window_seconds: int = 15 * 60
    max_request_body_bytes: int = 10 * 1024 * 1024
    payment_gateway: PaymentGatewayKind | None = None
    yookassa_shop_id: str | None = None
    yookassa_secret_key: str | None = None
    yookassa_api_url: str = "https://api.yookassa.ru/v3"
    yookassa_timeout_seconds: float = 10.0
    # 54-FZ receipts with every payment (needed when the shop registers receipts via YooKassa).
    yookassa_receipts: bool = False
    yookassa_vat_code: int = 1
    yookassa_tax_system_code: int | None = None
    # Where YooKassa's notifications may come from (its published ranges); loopback is also
    # let in outside production. Notifications are re-read from YooKassa in any case.
    yookassa_webhook_networks: tuple[str, ...] = YOOKASSA_NETWORKS
    # Open payments older than this are finished by the reconciler (read or created).
    payment_reconcile_minutes: int = 5
    # Read notifications older than this are deleted by a daily job; unread ones are kept.
    notification_retention_days: int = 180
    pachca_token: str | None = None
    pachca_chat_id: str | None = None
    pachca_api_url: str = "https://api.pachca.com/api/shared/v1"
    # The longest one post to Pachca may take; a post cut off after sending counts as unknown.
    pachca_timeout_seconds: float = 10.0
    # The port the embedded server listens on, used only to derive the development public URL.
    port: int = DEFAULT_PORT
    # The built web app (``make web``). Relative to the working directory, like ``data_dir``:
    # ``make run`` starts in the repository, and tests, which run elsewhere, never see a build.
    web_dist_dir: str = "./frontend/dist"
    # Bearer token of ``GET /metrics``. Unset: open in development and test, 404 in production.
    metrics_token: str | None = None
    # ``thebot worker`` serves its job metrics on 127.0.0.1 at this port (unset: not served).
    metrics_port: int | None = None
    # S3-compatible object storage for files (unset: the local folder ``<data_dir>/media``).
    # Objects are addressed path-style, ``{endpoint}/{bucket}/{key}``; the endpoint may be an
    # internal address. Browsers fetch avatars from ``s3_public_url`` + key (the bucket's public
    # address or a CDN in front of it); other files go through access-checked API routes.
    s3_endpoint_url: str | None = None
    s3_bucket: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    s3_public_url: str | None = None
    s3_timeout_seconds: float = 10.0

    # ----- construction -------------------------------------------------------------------

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        env_file: str | Path | None = ".env",
        **overrides: Any,
    ) -> Settings:
        """Read ``THEBOT_*`` variables (the real environment wins over ``.env``) and validate."""
        values: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            values.update(_read_env_file(Path(env_file)))
        values.update(os.environ if environ is None else environ)
        raw: dict[str, Any] = {}
        for name, value in values.items():
            if not name.startswith(ENV_PREFIX):
                continue
            field = name[len(ENV_PREFIX) :].lower()
            if field in _FIELDS and value.strip() != "":
                raw[field] = _split_list(value) if field in _LIST_FIELDS else value.strip()
        raw.update({k: v for k, v in overrides.items() if v is not None})
        try:
            settings = msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise SettingsError([f"invalid setting: {exc}"]) from exc
        problems = settings.problems()
        if problems:
            raise SettingsError(problems)
        return settings

    # ----- derived values -----------------------------------------------------------------

    @property
    def is_production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)

    @property
    def media_path(self) -> Path:
        return self.data_path / "media"

    @property
    def web_dist_path(self) -> Path:
        return Path(self.web_dist_dir)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_path / 'thebot.sqlite3'}"

    @property
    def uses_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    @property
    def effective_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        return DEVELOPMENT_SECRET_KEY

    @property
    def effective_public_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://127.0.0.1:{self.port}"

    @property
    def effective_cors_origins(self) -> tuple[str, ...]:
        if self.cors_origins:
            return self.cors_origins
        if self.is_production:
            return (_origin(self.effective_public_url),)
        # The Vite dev server of the web app, besides the platform itself.
        return (
            _origin(self.effective_public_url),
            "http://127.0.0.1:5173",
            "http://localhost:5173",
        )

    @property
    def effective_log_format(self) -> str:
        if self.log_format:
            return self.log_format
        return "json" if self.is_production else "console"

    @property
    def effective_payment_gateway(self) -> PaymentGatewayKind:
        if self.payment_gateway is not None:
            return self.payment_gateway
        if self.is_production or self.yookassa_configured:
            return PaymentGatewayKind.YOOKASSA
        return PaymentGatewayKind.DEVELOPMENT

    @property
    def yookassa_configured(self) -> bool:
        return bool(self.yookassa_shop_id and self.yookassa_secret_key)

    @property
    def s3_configured(self) -> bool:
        """Files go to S3-compatible storage (otherwise to the local media folder)."""
        return self.s3_endpoint_url is not None

    @property
    def pachca_configured(self) -> bool:
        return bool(self.pachca_token and self.pachca_chat_id)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def urls(self) -> PublicUrls:
        base = self.effective_public_url
        parts = urlsplit(base)
        ws_scheme = "wss" if parts.scheme == "https" else "ws"
        ws_base = urlunsplit((ws_scheme, parts.netloc, parts.path, "", ""))
        return PublicUrls(
            app=base,
            api_base=f"{base}/api/v1",
            websocket=f"{ws_base}/api/v1/ws",
            media_base=(
                self.s3_public_url.rstrip("/")
                if self.s3_configured and self.s3_public_url
                else f"{base}/media"
            ),
        )

    # ----- validation ---------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Everything that makes these settings unsafe or unable to run (empty when fine)."""
        problems = _general_problems(self)
        if self.is_production:
            problems.extend(_production_problems(self))
        return problems

    def masked(self) -> dict[str, Any]:
        """The effective settings for display, with every secret hidden."""
        shown: dict[str, Any] = msgspec.to_builtins(self)
        shown.update(
            database_url=_mask_url(self.effective_database_url),
            database_replica_urls=[_mask_url(url) for url in self.database_replica_urls],
            redis_url=_mask_url(self.redis_url) if self.redis_url else None,
            public_url=self.effective_public_url,
            cors_origins=list(self.effective_cors_origins),
            payment_gateway=self.effective_payment_gateway.value,
            log_format=self.effective_log_format,
            urls=msgspec.to_builtins(self.urls),
        )
        for name in _SECRET_FIELDS:
            if shown.get(name):
                shown[name] = "********"
        if not self.secret_key:
            shown["secret_key"] = "(development default)"  # noqa: S105
        return shown


_FIELDS: Final = frozenset(Settings.__struct_fields__)
_LIST_FIELDS: Final = frozenset(
    {"cors_origins", "yookassa_webhook_networks", "database_replica_urls"}
)
_SECRET_FIELDS: Final = (
    "secret_key",
    "yookassa_secret_key",
    "pachca_token",
    "metrics_token",
    "s3_secret_access_key",
)
_S3_REQUIRED: Final = ("s3_bucket", "s3_access_key_id", "s3_secret_access_key", "s3_public_url")
_LOG_LEVELS: Final = frozenset({"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})
_INLINE_COMMENT: Final = re.compile(r"\s+#")
_BUCKET: Final = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def _general_problems(settings: Settings) -> list[str]:
    problems: list[str] = []
    try:
        settings.zone  # noqa: B018 - validates the name
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"THEBOT_TIMEZONE {settings.timezone!r} is not a known time zone")
    if settings.log_level.upper() not in _LOG_LEVELS:
        problems.append(f"THEBOT_LOG_LEVEL must be one of {sorted(_LOG_LEVELS)}")
    if settings.log_format not in (None, "json", "console"):
        problems.append("THEBOT_LOG_FORMAT must be 'json' or 'console'")
    if settings.public_url is not None:
        parts = urlsplit(settings.public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append("THEBOT_PUBLIC_URL must be an absolute http(s) URL")
        elif parts.query or parts.fragment:
            problems.append("THEBOT_PUBLIC_URL must not carry a query or fragment")
    url = settings.effective_database_url
    if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        problems.append(
            "THEBOT_DATABASE_URL must use postgresql+asyncpg:// (or sqlite+aiosqlite:// embedded)"
        )
    problems.extend(_replica_problems(settings))
    problems.extend(_s3_problems(settings))
    if settings.redis_url is not None and not settings.redis_url.startswith(
        ("redis://", "rediss://", "unix://")
    ):
        problems.append("THEBOT_REDIS_URL must be a redis:// or rediss:// URL")
    if settings.access_token_ttl_seconds <= 0 or settings.refresh_token_ttl_seconds <= 0:
        problems.append("token lifetimes must be positive")
    if bool(settings.yookassa_shop_id) != bool(settings.yookassa_secret_key):
        problems.append(
            "YooKassa is half-configured: set both THEBOT_YOOKASSA_SHOP_ID and "
            "THEBOT_YOOKASSA_SECRET_KEY, or neither"
        )
    if bool(settings.pachca_token) != bool(settings.pachca_chat_id):
        problems.append(
            "Pachca is half-configured: set both THEBOT_PACHCA_TOKEN and THEBOT_PACHCA_CHAT_ID, "
            "or neither"
        )
    if settings.pachca_chat_id and not _is_int32(settings.pachca_chat_id):
        problems.append("THEBOT_PACHCA_CHAT_ID must be the chat's number in Pachca")
    if not 0 < settings.pachca_timeout_seconds <= MAX_PACHCA_TIMEOUT:
        problems.append(
            f"THEBOT_PACHCA_TIMEOUT_SECONDS must be above 0 and at most {MAX_PACHCA_TIMEOUT}"
        )
    if not 1 <= settings.yookassa_vat_code <= MAX_VAT_CODE:
        problems.append(
            f"THEBOT_YOOKASSA_VAT_CODE must be one of YooKassa's codes, 1 to {MAX_VAT_CODE}"
        )
    if settings.payment_reconcile_minutes < 1:
        problems.append("THEBOT_PAYMENT_RECONCILE_MINUTES must be at least 1")
    if settings.notification_retention_days < 1:
        problems.append("THEBOT_NOTIFICATION_RETENTION_DAYS must be at least 1")
    for network in settings.yookassa_webhook_networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            problems.append(f"THEBOT_YOOKASSA_WEBHOOK_NETWORKS: {network!r} is not a network")
    if settings.payment_gateway is PaymentGatewayKind.YOOKASSA and not settings.yookassa_configured:
        problems.append("THEBOT_PAYMENT_GATEWAY=yookassa needs the YooKassa shop id and secret key")
    return problems


def _replica_problems(settings: Settings) -> list[str]:
    if not settings.database_replica_urls:
        return []
    problems: list[str] = []
    if settings.uses_sqlite:
        problems.append("THEBOT_DATABASE_REPLICA_URLS need a PostgreSQL THEBOT_DATABASE_URL")
    for url in settings.database_replica_urls:
        if not url.startswith("postgresql+asyncpg://"):
            problems.append(
                f"THEBOT_DATABASE_REPLICA_URLS: {_mask_url(url)!r} must use postgresql+asyncpg://"
            )
    if settings.database_replica_sticky_seconds < 0:
        problems.append("THEBOT_DATABASE_REPLICA_STICKY_SECONDS must not be negative")
    return problems


def _s3_problems(settings: Settings) -> list[str]:
    if not settings.s3_configured:
        stray = [name for name in _S3_REQUIRED if getattr(settings, name)]
        if stray:
            names = ", ".join(f"THEBOT_{name.upper()}" for name in stray)
            return [f"S3 is half-configured: {names} set without THEBOT_S3_ENDPOINT_URL"]
        return []
    problems: list[str] = []
    missing = [name for name in _S3_REQUIRED if not getattr(settings, name)]
    if missing:
        names = ", ".join(f"THEBOT_{name.upper()}" for name in missing)
        problems.append(f"S3 is half-configured: THEBOT_S3_ENDPOINT_URL needs {names}")
    for name in ("s3_endpoint_url", "s3_public_url"):
        url = getattr(settings, name)
        if url is None:
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(f"THEBOT_{name.upper()} must be an absolute http(s) URL")
        elif parts.query or parts.fragment:
            problems.append(f"THEBOT_{name.upper()} must not carry a query or fragment")
    if settings.s3_bucket is not None and not _BUCKET.fullmatch(settings.s3_bucket):
        problems.append("THEBOT_S3_BUCKET must be a bucket name (3-63 of a-z, 0-9, '.', '-')")
    if not 0 < settings.s3_timeout_seconds <= MAX_S3_TIMEOUT:
        problems.append(f"THEBOT_S3_TIMEOUT_SECONDS must be above 0 and at most {MAX_S3_TIMEOUT}")
    return problems


def _production_problems(settings: Settings) -> list[str]:
    problems: list[str] = []
    if settings.uses_sqlite:
        problems.append("production needs PostgreSQL: set THEBOT_DATABASE_URL (SQLite is refused)")
    secret = settings.secret_key
    if not secret:
        problems.append("production needs THEBOT_SECRET_KEY")
    elif secret in KNOWN_EXAMPLE_SECRETS or secret.lower().startswith(("example", "change")):
        problems.append("THEBOT_SECRET_KEY is a known example value")
    elif len(secret) < MIN_SECRET_LENGTH:
        problems.append(f"THEBOT_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters")
    if not settings.public_url:
        problems.append("production needs THEBOT_PUBLIC_URL (the https address users open)")
    else:
        parts = urlsplit(settings.public_url)
        if parts.scheme != "https":
            problems.append("THEBOT_PUBLIC_URL must use https in production")
        if parts.hostname and _is_loopback(parts.hostname):
            problems.append("THEBOT_PUBLIC_URL points at localhost/loopback in production")
    if any(origin.strip() == "*" for origin in settings.cors_origins):
        problems.append("THEBOT_CORS_ORIGINS must list origins; '*' is refused in production")
    for origin in settings.cors_origins:
        host = urlsplit(origin).hostname
        if host and _is_loopback(host):
            problems.append(f"THEBOT_CORS_ORIGINS allows the loopback origin {origin!r}")
    if not settings.redis_url:
        problems.append("production needs THEBOT_REDIS_URL (jobs and real-time fan-out)")
    if settings.s3_configured and settings.s3_public_url:
        # The endpoint may be internal; the address browsers load avatars from may not.
        media = urlsplit(settings.s3_public_url)
        if media.scheme != "https":
            problems.append("THEBOT_S3_PUBLIC_URL must use https in production")
        if media.hostname and _is_loopback(media.hostname):
            problems.append("THEBOT_S3_PUBLIC_URL points at localhost/loopback in production")
    if settings.effective_payment_gateway is PaymentGatewayKind.DEVELOPMENT:
        problems.append("the development payment gateway is refused in production")
    elif not settings.yookassa_configured:
        problems.append("production payments need THEBOT_YOOKASSA_SHOP_ID and _SECRET_KEY")
    return problems


def _is_int32(value: str) -> bool:
    return value.strip().isascii() and value.strip().isdigit() and int(value) < 2**31


def _is_loopback(host: str) -> bool:
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _mask_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":********@", 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _read_env_file(path: Path) -> dict[str, str]:
    """Parse a ``.env`` file: ``NAME=value`` lines, ``#`` comments, optional quotes.

    As in other dotenv readers, `` #`` after an unquoted value starts a comment (quote a value
    that contains one), and a quoted value ends at its closing quote.
    """
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or "=" not in stripped:
            continue
        name, _, value = stripped.removeprefix("export ").partition("=")
        values[name.strip()] = _env_file_value(value.strip())
    return values


def _env_file_value(value: str) -> str:
    if value[:1] in ("'", '"'):
        closing = value.find(value[0], 1)
        if closing != -1:
            return value[1:closing]
        return value
    return _INLINE_COMMENT.split(value, maxsplit=1)[0].rstrip()
