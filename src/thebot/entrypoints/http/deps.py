"""What handlers receive: the container, the request's unit of work, the signed-in user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler

from thebot.adapters.db.uow import SqlUnitOfWork
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.shared.errors import Forbidden, Unauthenticated
from thebot.entrypoints.http.middleware import UOW_STATE_KEY, USER_STATE_KEY

PRINCIPAL_STATE_KEY = "thebot.principal"
# OpenAPI security requirement of every handler that needs a signed-in user.
BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]
# Handler opts: `public` needs no sign-in; `before_password_change` stays open to a user who
# must replace a one-time password first.
PUBLIC = {"public": True}
BEFORE_PASSWORD_CHANGE = {"before_password_change": True}
# Handler opts: `read_only` handlers only read, so their unit of work opens no transaction, and
# they may be served from a read replica (THEBOT_DATABASE_REPLICA_URLS).
READ_ONLY = {"read_only": True}


# What handlers declare to receive the injected values.
ContainerDep = NamedDependency[Container]
UowDep = NamedDependency[SqlUnitOfWork]
PrincipalDep = NamedDependency[Principal]


def container_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Container:
    container: Container = connection.app.state["container"]
    return container


def unit_of_work_of(connection: ASGIConnection[Any, Any, Any, Any]) -> SqlUnitOfWork:
    """The request's unit of work, opened on first use and closed by the request edge."""
    state = connection.scope["state"]
    uow = state.get(UOW_STATE_KEY)
    if uow is None:
        handler = connection.scope.get("route_handler")
        read_only = bool(handler is not None and handler.opt.get("read_only"))
        uow = state[UOW_STATE_KEY] = container_of(connection).unit_of_work(
            read_only=read_only, replica=read_only
        )
    assert isinstance(uow, SqlUnitOfWork)
    return uow


def provide_container(request: Request[Any, Any, Any]) -> Container:
    return container_of(request)


def provide_uow(request: Request[Any, Any, Any]) -> SqlUnitOfWork:
    return unit_of_work_of(request)


def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    principal = request.scope["state"].get(PRINCIPAL_STATE_KEY)
    if not isinstance(principal, Principal):
        raise Unauthenticated("Sign in to continue.")
    return principal


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def authenticate(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Guard of the whole API: every handler needs a signed-in user unless marked public."""
    if handler.opt.get("public"):
        return
    token = bearer_token(connection)
    if token is None:
        raise Unauthenticated("Sign in to continue: send 'Authorization: Bearer <access token>'.")
    container = container_of(connection)
    uow = unit_of_work_of(connection)
    with uow.on_primary():
        principal = await container.auth_service(uow).authenticate(token)
    if container.replicas is not None:
        await container.replicas.follow(
            uow, principal.id, on_replica=bool(handler.opt.get("read_only"))
        )
    connection.scope["state"][PRINCIPAL_STATE_KEY] = principal
    connection.scope["state"][USER_STATE_KEY] = str(principal.id)
    if principal.user.must_change_password and not handler.opt.get("before_password_change"):
        raise Forbidden(
            "Change your one-time password before using the platform.",
            "password-change-required",
        )


def requires(
    *roles: Role,
) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]:
    """A guard admitting only the given roles (after ``authenticate``)."""
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal = connection.scope["state"].get(PRINCIPAL_STATE_KEY)
        if not isinstance(principal, Principal):
            raise Unauthenticated("Sign in to continue.")
        if principal.role not in allowed:
            raise Forbidden("Your role may not do this.")

    return guard


def client_address(request: Request[Any, Any, Any]) -> str | None:
    return request.client.host if request.client else None
