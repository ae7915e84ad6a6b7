"""Real time: a one-time ticket over HTTP, then one WebSocket per user (paths in API.md).

Server -> client, JSON ``{type, data}``: ``ready`` (the subscription is live: fetch what was
missed now), ``message.created``, ``message.updated``, ``message.read``, ``typing``,
``presence``, ``notification``, ``pong``, ``error``. Client -> server: ``typing {chat_id}``,
``ping``. A socket whose ticket is missing, unknown, used or expired, or whose session has
ended, is closed with 1008 before any data; every socket is closed with 1001 (going away) when
the server stops (see shutdown.py).
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar import WebSocket, post, websocket
from litestar.status_codes import HTTP_200_OK

from thebot.domain.accounts.entities import Principal
from thebot.domain.shared.errors import Unauthenticated
from thebot.entrypoints.http.deps import (
    BEARER,
    PUBLIC,
    ContainerDep,
    PrincipalDep,
    UowDep,
    container_of,
)
from thebot.entrypoints.http.schemas.base import ResponseBody
from thebot.entrypoints.http.shutdown import GOING_AWAY, GOING_AWAY_REASON, Departure
from thebot.entrypoints.http.socket_session import POLICY_VIOLATION, SocketSession

log = structlog.get_logger("thebot.ws")


class SocketTicketOut(ResponseBody):
    ticket: str
    expires_in: int


@post(
    "/ws/ticket",
    operation_id="createSocketTicket",
    tags=["realtime"],
    security=BEARER,
    status_code=HTTP_200_OK,
)
async def create_socket_ticket(
    principal: PrincipalDep, container: ContainerDep, uow: UowDep
) -> SocketTicketOut:
    """A one-time ticket to open the WebSocket: ``/api/v1/ws?ticket=…`` within
    ``expires_in`` seconds. It is bound to this sign-in: once it ends, the ticket opens
    nothing, and sockets it opened are closed within a minute."""
    tickets = container.socket_tickets(uow)
    return SocketTicketOut(
        ticket=await tickets.issue(principal), expires_in=tickets.lifetime_seconds
    )


@websocket("/ws", opt=PUBLIC, name="socket")
async def user_socket(socket: WebSocket[Any, Any, Any]) -> None:
    """One socket per user for all their chats (authenticated by the ticket, not a header)."""
    container = container_of(socket)
    principal = await _redeem(socket)
    await socket.accept()
    if isinstance(principal, Unauthenticated):
        # Accepted first so that the client sees the code (a refused handshake is a bare 403).
        await socket.close(code=POLICY_VIOLATION, reason=principal.detail)
        return
    departure: Departure = socket.app.state["departure"]
    if departure.leaving.is_set():
        await socket.close(code=GOING_AWAY, reason=GOING_AWAY_REASON)
        return
    log.info("socket opened", user_id=str(principal.id))
    container.metrics.socket_opened()
    try:
        with departure.holding_socket():
            await SocketSession(container, socket, principal, departure).serve()
    finally:
        container.metrics.socket_closed()
        log.info("socket closed", user_id=str(principal.id))


async def _redeem(socket: WebSocket[Any, Any, Any]) -> Principal | Unauthenticated:
    container = container_of(socket)
    ticket = socket.query_params.get("ticket", "")
    # The server logs the accepted socket's path with its query: the ticket must not be there.
    socket.scope["query_string"] = b""
    try:
        async with container.unit_of_work() as uow:
            return await container.socket_tickets(uow).redeem(ticket)
    except Unauthenticated as refused:
        return refused
