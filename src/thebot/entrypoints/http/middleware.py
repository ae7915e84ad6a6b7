"""The outermost layer of every HTTP request: request id, security headers, one log line,
its metrics, and the closing of the request's unit of work, whatever happened inside."""

from __future__ import annotations

import re
import time
from typing import Any
from uuid import uuid4

import structlog
from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from thebot.adapters.metrics import UNMATCHED_ROUTE, Metrics

log = structlog.get_logger("thebot.http")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_API_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The interactive API docs load their renderer from a CDN.
_DOCS_CSP = (
    "default-src 'self'; img-src 'self' data: https:; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "font-src 'self' data: https://fonts.gstatic.com https://cdn.jsdelivr.net; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
UOW_STATE_KEY = "thebot.uow"
USER_STATE_KEY = "thebot.user_id"
# Scrapes are not counted among the requests they report.
UNCOUNTED_PATHS = frozenset({"/metrics"})
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestEdge:
    def __init__(self, app: ASGIApp, *, hsts: bool, metrics: Metrics | None = None) -> None:
        self._app = app
        self._hsts = hsts
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self._app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})  # type: ignore[typeddict-item]
        request_id = _accepted_request_id(scope) or uuid4().hex
        state["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableScopeHeaders.from_message(message)
                headers["X-Request-ID"] = request_id
                self._add_security_headers(headers, path)
            await send(message)

        metrics = self._metrics if scope["type"] == "http" and path not in UNCOUNTED_PATHS else None
        if metrics is not None:
            metrics.http_in_flight.inc()
        try:
            await self._app(scope, receive, send_with_headers)
        finally:
            if metrics is not None:
                metrics.http_in_flight.dec()
                _count(metrics, scope, status, time.perf_counter() - started)
            uow = state.pop(UOW_STATE_KEY, None)
            if uow is not None:
                await uow.close()
            if scope["type"] == "http":
                log.info(
                    "request",
                    method=scope["method"],
                    path=path,
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    user_id=state.get(USER_STATE_KEY),
                )
            structlog.contextvars.unbind_contextvars("request_id")

    def _add_security_headers(self, headers: MutableScopeHeaders, path: str) -> None:
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        docs = path.startswith(("/api/docs", "/api/schema"))
        # A handler may have set a stricter policy (file downloads are sandboxed): keep it.
        headers.setdefault("Content-Security-Policy", _DOCS_CSP if docs else _API_CSP)
        if path.startswith("/api/"):
            headers.setdefault("Cache-Control", "no-store")
        if self._hsts:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"


def _count(metrics: Metrics, scope: Scope, status: int, seconds: float) -> None:
    # Labels stay few whatever clients send: the route's template (``/api/v1/lessons/{lesson_id}``),
    # never the path with its ids, and a known method or ``OTHER``.
    route = scope.get("path_template") or UNMATCHED_ROUTE
    method = scope["method"] if scope["method"] in KNOWN_METHODS else "OTHER"
    metrics.request_answered(method, route, status, seconds)


def _accepted_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = value.decode("latin-1").strip()
            return candidate if _REQUEST_ID.match(candidate) else None
    return None
