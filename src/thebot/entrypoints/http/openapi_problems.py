"""The problems (RFC 9457) every operation can answer with, written into the OpenAPI document.

Errors are answered by the exception handlers in ``problems.py``, the same way for every route,
so they are documented here in one place rather than on every handler: a client generated from
the document (and the schemathesis run in CI) must know that a 404 or a 503 can come, and that
it comes as ``application/problem+json``, not in Litestar's default validation shape.
"""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute

from thebot.entrypoints.http.problems import PROBLEM_MEDIA_TYPE, Problem
from thebot.entrypoints.http.schemas.system import Readiness

_DESCRIPTIONS = {
    400: "The request is not valid: the problem lists the fields",
    401: "Not signed in, or the credentials are not valid",
    403: "The role or relationship does not allow it",
    404: "No such object, or the caller may not know it exists",
    409: "The request conflicts with the current state",
    413: "The request body or file is too large",
    415: "The body is not of a media type the operation accepts",
    429: "Too many attempts; Retry-After says when to try again",
    502: "The payment service refused the request",
    503: "The database or a provider is unavailable for a moment; Retry-After says when to retry",
}
# Parameters Litestar fills itself: they are not inputs a client sends.
_RESERVED = frozenset({"request", "state", "scope", "headers", "cookies", "query", "body", "self"})
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Public operations that still check who is asking, or how often.
_PUBLIC_EXTRA: dict[str, frozenset[int]] = {
    "login": frozenset({401, 429}),
    "refreshTokens": frozenset({401}),
    "getCalendarIcs": frozenset({404}),
    "receiveYookassaNotification": frozenset({400, 403}),
}
# Operations with limits of their own.
_EXTRA: dict[str, frozenset[int]] = {
    "createUser": frozenset({429}),
    "onboardFamily": frozenset({429}),
}
_NOT_READY = ResponseSpec(
    Readiness, description="The database or Redis does not answer", generate_examples=False
)
# Operations that talk to the payment provider while answering.
_PROVIDER_TAG = "payments"


class ProblemDocumentation(ReceiveRoutePlugin):
    """Adds the problem responses of every API operation to its handler's ``responses`` as the
    routes are registered (the document itself is built later, on first request)."""

    def receive_route(self, route: BaseRoute) -> None:
        if not isinstance(route, HTTPRoute):
            return
        if route.path == "/ready":
            for handler in route.route_handlers:
                handler.responses = {503: _NOT_READY, **(handler.responses or {})}
            return
        if not route.path.startswith("/api/"):
            return
        for handler in route.route_handlers:
            responses = dict(handler.responses or {})
            for status in _problem_statuses(handler, route):
                responses.setdefault(status, _problem(status))
            handler.responses = responses


def _problem_statuses(handler: HTTPRouteHandler, route: HTTPRoute) -> set[int]:
    operation_id = handler.operation_id if isinstance(handler.operation_id, str) else ""
    writes = bool(handler.http_methods & _WRITES)
    statuses = {503}
    if _takes_input(handler, route):
        statuses.add(400)
    if _has_body(handler):
        statuses |= {413, 415}
    if handler.opt.get("public"):
        statuses |= _PUBLIC_EXTRA.get(operation_id, frozenset())
        return statuses
    statuses |= {401, 403, 404}
    if writes:
        statuses.add(409)
    if writes and _PROVIDER_TAG in handler.resolve_tags():
        statuses.add(502)
    statuses |= _EXTRA.get(operation_id, frozenset())
    return statuses


def _has_body(handler: HTTPRouteHandler) -> bool:
    return "data" in handler.parsed_fn_signature.parameters


def _takes_input(handler: HTTPRouteHandler, route: HTTPRoute) -> bool:
    """A body, a path parameter or a query/header parameter: something that can be malformed."""
    if _has_body(handler) or route.path_parameters:
        return True
    dependencies = set(handler.resolve_dependencies())
    names = set(handler.parsed_fn_signature.parameters) - _RESERVED - dependencies
    return bool(names)


def _problem(status: int) -> ResponseSpec:
    return ResponseSpec(
        Problem,
        description=_DESCRIPTIONS[status],
        media_type=PROBLEM_MEDIA_TYPE,
        generate_examples=False,
    )
