"""One open WebSocket of a signed-in user: their events out, typing and pings in.

Three tasks share the socket: one forwards the user's channel, one reads what the client sends,
one re-checks the sign-in session now and then; a fourth waits for the server to stop, to close
with 1001 (going away). The first to finish ends the socket.

Backpressure: events wait in the subscription's queue while the client reads slowly. Rather
than drop events silently (the plugin's backlog drops the oldest once full), a client that
falls ``MAX_PENDING_EVENTS`` behind, or does not take one event within
``SEND_TIMEOUT_SECONDS``, is closed with 1013 (try again later): it reconnects and fetches what
it missed with the cursor API, so it never sees a gap.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from contextlib import suppress
from typing import Any
from uuid import UUID

import msgspec
import structlog
from litestar import WebSocket
from litestar.channels import Subscriber
from litestar.exceptions import WebSocketDisconnect

from thebot.adapters.subscriptions import FeedUnavailable
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Principal
from thebot.domain.shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    Unauthenticated,
)
from thebot.entrypoints.http.shutdown import GOING_AWAY, GOING_AWAY_REASON, Departure

log = structlog.get_logger("thebot.ws")

POLICY_VIOLATION = 1008
INTERNAL_ERROR = 1011
TRY_AGAIN_LATER = 1013
MAX_PENDING_EVENTS = 500  # below the Channels backlog (1000), so nothing is dropped unseen
SEND_TIMEOUT_SECONDS = 10.0
CLOSE_TIMEOUT_SECONDS = 2.0
SESSION_CHECK_SECONDS = 60.0
TYPING_EVERY_SECONDS = 1.0  # more typing signals for one chat are dropped
MAX_CLIENT_MESSAGE = 4096
# What one socket may send: a burst, then a steady rate (typing costs a database query).
CLIENT_MESSAGE_BURST = 20
CLIENT_MESSAGES_PER_SECOND = 5.0

ERROR_CODES: dict[type[DomainError], str] = {
    NotFound: "not_found",
    Invalid: "invalid",
    Forbidden: "forbidden",
    Conflict: "conflict",
    Unauthenticated: "unauthenticated",
}


class ClientMessage(msgspec.Struct):
    type: str
    data: dict[str, Any] = {}


class Closing(msgspec.Struct, frozen=True):
    code: int
    reason: str


def event(kind: str, data: Any) -> str:
    return msgspec.json.encode({"type": kind, "data": data}).decode()


def error_event(code: str, detail: str, request: str | None = None) -> str:
    return event("error", {"code": code, "detail": detail, "request": request})


class SocketSession:
    def __init__(
        self,
        container: Container,
        socket: WebSocket[Any, Any, Any],
        principal: Principal,
        departure: Departure | None = None,
    ) -> None:
        self._container = container
        self._departure = departure or Departure()
        self._socket = socket
        self._principal = principal
        self._send_lock = asyncio.Lock()
        self._typing_sent: dict[UUID, float] = {}
        self._allowance = float(CLIENT_MESSAGE_BURST)
        self._allowance_at = time.monotonic()

    @property
    def user_id(self) -> UUID:
        return self._principal.id

    async def serve(self) -> None:
        """Run until the client leaves or the socket must close; the socket is accepted."""
        closing: Closing | None
        try:
            async with self._container.feeds.feed(self.user_id) as feed:
                closing = await self._online(feed)
        except FeedUnavailable:
            log.warning("socket subscription not confirmed", user_id=str(self.user_id))
            closing = Closing(INTERNAL_ERROR, "Real-time events are unavailable; reconnect.")
        if closing is not None:
            await self._close(closing)

    async def _online(self, feed: Subscriber) -> Closing | None:
        came_online = await self._presence_changed(connected=True)
        try:
            peers = await self._peers()
            if came_online:
                await self._announce(peers, online=True)
            await self._send(event("ready", {"user_id": str(self.user_id)}))
            for peer in sorted(await self._online_peers(peers)):
                await self._send(event("presence", {"user_id": str(peer), "online": True}))
            return await self._until_done(feed)
        except (WebSocketDisconnect, OSError):
            return None
        finally:
            if await self._presence_changed(connected=False):
                await self._announce(await self._peers(), online=False)

    async def _until_done(self, feed: Subscriber) -> Closing | None:
        work: list[Coroutine[Any, Any, Closing | None]] = [
            self._forward(feed),
            self._receive(),
            self._watch_session(),
            self._server_leaving(),
        ]
        tasks = [asyncio.create_task(job) for job in work]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        finished = done.pop()
        if finished.cancelled():
            return None
        failure = finished.exception()
        if failure is not None:
            log.error("socket failed", user_id=str(self.user_id), exc_info=failure)
            return Closing(INTERNAL_ERROR, "Something went wrong; reconnect.")
        return finished.result()

    # ----- out: the user's events ---------------------------------------------------------

    async def _forward(self, feed: Subscriber) -> Closing | None:
        async for payload in feed.iter_events():
            if feed.qsize >= MAX_PENDING_EVENTS:
                return self._too_slow(feed.qsize)
            try:
                async with asyncio.timeout(SEND_TIMEOUT_SECONDS):
                    await self._send(payload.decode())
            except TimeoutError:
                return self._too_slow(feed.qsize)
            except (WebSocketDisconnect, OSError):
                return None
        return None

    def _too_slow(self, pending: int) -> Closing:
        log.info("socket too slow", user_id=str(self.user_id), pending=pending)
        return Closing(TRY_AGAIN_LATER, "Too far behind: reconnect and fetch what you missed.")

    async def _send(self, text: str) -> None:
        async with self._send_lock:
            await self._socket.send_text(text)

    # ----- in: what the client sends --------------------------------------------------------

    async def _receive(self) -> Closing | None:
        while True:
            try:
                message = await self._socket.receive()
            except WebSocketDisconnect:
                return None
            if message["type"] == "websocket.disconnect":
                return None
            raw = message.get("text") or message.get("bytes") or b""
            if not isinstance(raw, str | bytes):
                raw = b""
            try:
                await self._handle(raw)
            except (WebSocketDisconnect, OSError):
                return None

    async def _handle(self, raw: str | bytes) -> None:
        if not self._allowed():
            await self._send(error_event("rate_limited", "Too many messages; slow down."))
            return
        if len(raw) > MAX_CLIENT_MESSAGE:
            await self._send(error_event("too_large", f"At most {MAX_CLIENT_MESSAGE} bytes."))
            return
        try:
            message = msgspec.json.decode(raw, type=ClientMessage)
        except msgspec.DecodeError:
            await self._send(error_event("malformed", 'Send JSON: {"type": "...", "data": {...}}.'))
            return
        if message.type == "ping":
            await self._send(event("pong", {}))
        elif message.type == "typing":
            await self._typing(message.data.get("chat_id"))
        else:
            await self._send(
                error_event("unknown_type", "Known types: typing, ping.", message.type)
            )

    def _allowed(self) -> bool:
        now = time.monotonic()
        refill = (now - self._allowance_at) * CLIENT_MESSAGES_PER_SECOND
        self._allowance = min(float(CLIENT_MESSAGE_BURST), self._allowance + refill)
        self._allowance_at = now
        if self._allowance < 1:
            return False
        self._allowance -= 1
        return True

    async def _typing(self, raw_chat_id: Any) -> None:
        try:
            chat_id = UUID(raw_chat_id) if isinstance(raw_chat_id, str) else None
        except ValueError:
            chat_id = None
        if chat_id is None:
            await self._send(error_event("invalid", "data.chat_id must be a chat id.", "typing"))
            return
        now = time.monotonic()
        if now - self._typing_sent.get(chat_id, float("-inf")) < TYPING_EVERY_SECONDS:
            return
        recent = {c: at for c, at in self._typing_sent.items() if now - at < TYPING_EVERY_SECONDS}
        self._typing_sent = {**recent, chat_id: now}
        try:
            async with self._container.unit_of_work() as uow:
                await self._container.forum_service(uow).typing(self._principal, chat_id)
        except DomainError as error:
            code = next((c for t, c in ERROR_CODES.items() if isinstance(error, t)), "refused")
            await self._send(error_event(code, error.detail, "typing"))
        except Exception:
            log.exception("typing failed", user_id=str(self.user_id))
            await self._send(error_event("unavailable", "Try again in a moment.", "typing"))

    # ----- the session behind the socket ----------------------------------------------------

    async def _watch_session(self) -> Closing | None:
        """Close the socket once its sign-in ends (sign-out, password change, deactivation)."""
        principal = self._principal
        while True:
            await asyncio.sleep(SESSION_CHECK_SECONDS)
            try:
                async with self._container.unit_of_work() as uow:
                    self._principal = await self._container.socket_tickets(uow).still_signed_in(
                        principal.id, principal.session_id, principal.role
                    )
            except Unauthenticated as ended:
                return Closing(POLICY_VIOLATION, ended.detail)
            except Exception:  # the database away for a moment: check again next time
                log.warning("could not re-check the socket's session", exc_info=True)

    async def _server_leaving(self) -> Closing:
        await self._departure.leaving.wait()
        return Closing(GOING_AWAY, GOING_AWAY_REASON)

    # ----- presence ---------------------------------------------------------------------------

    async def _presence_changed(self, *, connected: bool) -> bool:
        presence = self._container.presence
        try:
            if connected:
                return await presence.connected(self.user_id)
            return await presence.disconnected(self.user_id)
        except Exception:  # presence is a courtesy: it never costs the user their socket
            log.warning("could not record presence", exc_info=True)
            return False

    async def _peers(self) -> set[UUID]:
        try:
            async with self._container.unit_of_work() as uow:
                return await self._container.forum_service(uow).peers(self._principal)
        except Exception:
            log.warning("could not read the user's peers", exc_info=True)
            return set()

    async def _online_peers(self, peers: set[UUID]) -> set[UUID]:
        try:
            return await self._container.presence.online(sorted(peers))
        except Exception:
            log.warning("could not read presence", exc_info=True)
            return set()

    async def _announce(self, peers: set[UUID], *, online: bool) -> None:
        if not peers:
            return
        data = {"user_id": str(self.user_id), "online": online}
        try:
            await self._container.realtime.publish_to_users(sorted(peers), "presence", data)
        except Exception:
            log.warning("could not publish presence", exc_info=True)

    async def _close(self, closing: Closing) -> None:
        with suppress(WebSocketDisconnect, OSError, RuntimeError, TimeoutError):
            async with asyncio.timeout(CLOSE_TIMEOUT_SECONDS):
                # A close frame carries at most 123 bytes of reason.
                reason = closing.reason.encode()[:123].decode(errors="ignore")
                await self._socket.close(code=closing.code, reason=reason)
