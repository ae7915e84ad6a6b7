"""RFC 9457 problem details for every error the API can answer with."""

from __future__ import annotations

import re
from typing import Any

import msgspec
import structlog
from litestar import Request, Response
from litestar.exceptions import ClientException, HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError

from thebot.domain.shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PayloadTooLarge,
    ProviderRefused,
    ProviderUnavailable,
    TooManyAttempts,
    Unauthenticated,
)
from thebot.entrypoints.http.text_guard import NUL_MESSAGE, is_nul_refused_by_database

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = structlog.get_logger("thebot.http")

_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
}
_CODES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    429: "too-many-requests",
    500: "internal-error",
    502: "provider-refused",
    503: "unavailable",
}
_STATUS_OF: dict[type[DomainError], int] = {
    Invalid: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    ProviderRefused: 502,
    ProviderUnavailable: 503,
    PayloadTooLarge: 413,
    TooManyAttempts: 429,
}
# msgspec says where a decoding error is: "Expected `int`, got `str` - at `$.age`"
_AT_PATH = re.compile(r"^(?P<message>.*?) - at `\$(?P<path>[^`]*)`$")


class ProblemField(msgspec.Struct, frozen=True):
    field: str
    message: str


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem: what went wrong, for people and for programs."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[ProblemField] | None = None


def problem_response(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    *,
    code: str | None = None,
    title: str | None = None,
    errors: list[ProblemField] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    problem = Problem(
        type=f"urn:thebot:problem:{code or _CODES.get(status, 'error')}",
        title=title or _TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=request.scope.get("state", {}).get("request_id"),
        errors=errors,
    )
    return Response(problem, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def domain_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    assert isinstance(exc, DomainError)
    status = next(s for kind, s in _STATUS_OF.items() if isinstance(exc, kind))
    headers = None
    errors = None
    code = None
    if isinstance(exc, TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, ProviderUnavailable):
        headers = {"Retry-After": "60"}
    if isinstance(exc, Invalid):
        errors = [ProblemField(e.field, e.message) for e in exc.errors] or None
        code = "validation"
    if isinstance(exc, Forbidden):
        code = exc.code
    return problem_response(
        request, status, exc.detail, code=code, title=exc.title, errors=errors, headers=headers
    )


def http_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if status >= HTTP_500_INTERNAL_SERVER_ERROR:
        log.error("server error", status=status, error=str(exc.detail))
        return problem_response(request, status, "The server could not complete the request.")
    headers = dict(exc.headers or {})
    if status == 400 and type(exc) is ClientException:
        # Litestar reports a body that msgspec cannot decode at all as a bare ClientException.
        return problem_response(
            request,
            400,
            f"The request body is not valid JSON ({exc.detail}).",
            code="malformed-body",
        )
    if status == 400:
        errors = _field_errors(exc)
        detail = "The request is not valid." if errors else _plain_detail(exc.detail)
        if errors and len(errors) == 1:
            detail = f"{errors[0].field or 'body'}: {errors[0].message}"
        return problem_response(
            request, 400, detail, code="validation", errors=errors or None, headers=headers
        )
    detail = _plain_detail(exc.detail) if exc.detail else _TITLES.get(status, "Error")
    if status == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
    if status == 404 and detail in ("Not Found", ""):
        detail = "Nothing is here."
    return problem_response(request, status, detail, headers=headers)


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    if isinstance(exc, UnicodeDecodeError) and _is_multipart(request):
        # Litestar reads a part without a file name as text, and fails on binary content.
        return problem_response(
            request,
            400,
            "A part of the multipart body is not text: send files with a file name.",
            code="malformed-body",
        )
    if isinstance(exc, RecursionError) and "deserializing" in str(exc):
        # msgspec stops decoding JSON nested deeper than the interpreter's recursion limit.
        return problem_response(
            request, 400, "The request body is nested too deeply.", code="malformed-body"
        )
    if is_nul_refused_by_database(exc):
        return problem_response(
            request, 400, f"Text {NUL_MESSAGE}.", code="validation", title="Invalid input"
        )
    if _database_gone(exc):
        # The pool drops its connections when one is found dead; the next request reconnects.
        log.warning("database unavailable", path=request.url.path, error=str(exc))
        return problem_response(
            request,
            503,
            "The database is unavailable for a moment; try again.",
            headers={"Retry-After": "1"},
        )
    if isinstance(exc, RedisConnectionError | RedisTimeoutError):
        # Redis is down or restarting: what needs it (socket tickets) waits for it to return.
        log.warning("redis unavailable", path=request.url.path, error=str(exc))
        return problem_response(
            request,
            503,
            "Real-time service is unavailable for a moment; try again.",
            headers={"Retry-After": "5"},
        )
    log.exception("unhandled error", path=request.url.path, method=request.method)
    return problem_response(request, 500, "The server could not complete the request.")


def _is_multipart(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/form-data")


# PostgreSQL's "connection exception" class, and a server shutting down, crashed or starting up
# ("the database system is shutting down", "… is starting up").
_GONE_CLASSES = ("08",)
_GONE_STATES = frozenset({"57P01", "57P02", "57P03"})


def _database_gone(exc: BaseException) -> bool:
    """A lost or refused database connection (not a bug: the database restarted or is down)."""
    if isinstance(exc, DBAPIError):
        return exc.connection_invalidated or _gone_state(exc.orig)
    # Refused, timed out or turned away while connecting: the driver's own error, not wrapped.
    return isinstance(exc, ConnectionError | TimeoutError) or _gone_state(exc)


def _gone_state(exc: BaseException | None) -> bool:
    state = getattr(exc, "sqlstate", None)
    return isinstance(state, str) and (state in _GONE_STATES or state.startswith(_GONE_CLASSES))


def _field_errors(exc: HTTPException) -> list[ProblemField]:
    errors: list[ProblemField] = []
    extra = exc.extra if isinstance(exc, ValidationException) or exc.extra else None
    if isinstance(extra, list):
        for item in extra:
            if isinstance(item, dict):
                message = str(item.get("message", "is not valid"))
                key = str(item.get("key") or "")
                parsed = _AT_PATH.match(message)
                if parsed:
                    message, key = parsed["message"], _field_name(parsed["path"])
                named = _named_field(message, key)
                if named:
                    key, message = named
                if key in ("", "data"):
                    key = "body"
                if message == "'data'":
                    message = "a JSON body is required"
                errors.append(ProblemField(key, message))
    if not errors and isinstance(exc.detail, str):
        parsed = _AT_PATH.match(exc.detail.split(": ", 1)[-1])
        if parsed:
            key, message = _field_name(parsed["path"]), parsed["message"]
            key, message = _named_field(message, key) or (key, message)
            errors.append(ProblemField(key, message))
    return errors


def _field_name(path: str) -> str:
    return path.lstrip(".").replace("][", ".").replace("[", ".").replace("]", "") or "body"


_NAMED_FIELD = re.compile(
    r"^Object (?P<kind>contains unknown|missing required) field `(?P<name>[^`]+)`"
)


def _named_field(message: str, path: str) -> tuple[str, str] | None:
    """msgspec names the field in the message for unknown and missing fields."""
    found = _NAMED_FIELD.match(message)
    if not found:
        return None
    prefix = path if path not in ("", "body", "data") else ""
    name = f"{prefix}.{found['name']}" if prefix else found["name"]
    message = "is not a known field" if found["kind"] == "contains unknown" else "is required"
    return name, message


def _plain_detail(detail: str) -> str:
    return detail
