"""A local Pachca: ``POST /api/shared/v1/messages`` over real HTTP, with switchable faults.

It follows Pachca's contract: a Bearer token (401 ``OAuthError`` when missing or unknown, 403
``insufficient_scope`` for a read-only token), ``ApiError`` bodies for invalid messages (400
missing or wrong fields, 422 a blank ``content``, 404 an unknown chat), 201 with ``{"data":
Message}``, and 429 with ``Retry-After``. Faults, each for the next N requests: a 5xx, a 429,
or a hang longer than the client's timeout after the message was taken (an unknown outcome for
the client). ``stop()`` takes it down (connections refused), ``start()`` brings it back on the
same port. An optional token bucket per (token, chat) models Pachca's ~4 messages a second.

The server runs uvicorn in a thread of its own, so it answers whatever the test's loop does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import msgspec

from tests.fakes.clock import FakeClock
from tests.fakes.server import FakeService, read_body

PATH = "/api/shared/v1/messages"
TOKEN = "test-pachca-token"
READ_ONLY_TOKEN = "test-pachca-read-only-token"
CHAT_ID = 334
BOT_USER_ID = 12
ENTITY_TYPES = ("discussion", "thread", "user")

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Answer = tuple[int, dict[str, str], bytes]


class ClockSleep:
    """A sleep for delivery runs under a FakeClock: moves the clock instead of waiting.

    ``container.pachca_delivery(sleep=ClockSleep(clock))``: with real sleeps and a clock that
    stands still, a run retrying a failed post waits out its whole linger (20 s) for nothing.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    async def __call__(self, seconds: float) -> None:
        self.clock.advance(seconds)
        await asyncio.sleep(0)


def api_error(key: str, value: Any, message: str, code: str) -> bytes:
    error = {"key": key, "value": value, "message": message, "code": code, "payload": None}
    return msgspec.json.encode({"errors": [error]})


class FakePachca(FakeService):
    def __init__(
        self,
        *,
        tokens: Iterable[str] = (TOKEN,),
        read_only_tokens: Iterable[str] = (READ_ONLY_TOKEN,),
        chats: Iterable[int] = (CHAT_ID,),
        rate_per_second: float | None = None,
        burst: int = 4,
    ) -> None:
        super().__init__("the fake Pachca")
        self.tokens = set(tokens)
        self.read_only_tokens = set(read_only_tokens)
        self.chats = set(chats)
        self.rate_per_second = rate_per_second
        self.burst = burst
        self.messages: list[dict[str, Any]] = []
        self.requests = 0
        self.statuses: list[int] = []
        self._buckets: dict[tuple[str, int], tuple[float, float]] = {}

    # ----- control ------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._http.port}/api/shared/v1"

    @property
    def contents(self) -> list[str]:
        with self._lock:
            return [message["content"] for message in self.messages]

    def fail_next(self, count: int, status: int = 503) -> None:
        """Answer the next ``count`` requests with ``status`` (a gateway's page, no JSON)."""
        self._add_faults(count, "fail", status)

    def rate_limit_next(self, count: int, retry_after: int = 1) -> None:
        self._add_faults(count, "rate_limit", retry_after)

    def hang_next(self, count: int, seconds: float) -> None:
        """Take the next ``count`` messages, then answer only after ``seconds``."""
        self._add_faults(count, "hang", seconds)

    # ----- the HTTP side ------------------------------------------------------------------

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        body = await read_body(receive)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        status, extra, payload, hang = self._answer(scope["method"], scope["path"], headers, body)
        if hang:
            await asyncio.sleep(hang)
        content_type = extra.pop("content-type", "application/json; charset=utf-8")
        response_headers = [(b"content-type", content_type.encode())]
        response_headers += [(k.encode(), v.encode()) for k, v in extra.items()]
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": payload})

    def _answer(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes, float]:
        with self._lock:
            self.requests += 1
            if path != PATH or method != "POST":
                self.statuses.append(404)
                return 404, {}, api_error("path", path, "Not found", "not_found"), 0.0
            fault = self._faults.pop(0) if self._faults else None
            hang = 0.0
            if fault is not None and fault[0] == "hang":
                hang = float(fault[1])
                fault = None
            status, extra, payload = self._post_message(headers, body, fault)
            self.statuses.append(status)
            return status, extra, payload, hang if status == 201 else 0.0

    def _post_message(
        self, headers: dict[str, str], body: bytes, fault: tuple[str, Any] | None
    ) -> Answer:
        if fault is not None and fault[0] == "fail":
            status = int(fault[1])
            page = f"<html><body><h1>{status}</h1>nginx</body></html>".encode()
            return status, {"content-type": "text/html"}, page
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or token not in self.tokens | self.read_only_tokens:
            described = "Access token is missing" if not token else "Access token is invalid"
            error = {"error": "invalid_token", "error_description": described}
            return 401, {}, msgspec.json.encode(error)
        if token in self.read_only_tokens:
            error = {"error": "insufficient_scope", "error_description": "messages:create"}
            return 403, {}, msgspec.json.encode(error)
        if fault is not None and fault[0] == "rate_limit":
            return self._too_many(int(fault[1]))
        try:
            data = msgspec.json.decode(body)
        except msgspec.DecodeError:
            return 400, {}, api_error("message", None, "Invalid JSON", "invalid")
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict):
            return 400, {}, api_error("message", None, "Поле не может быть пустым", "blank")
        entity_type = message.get("entity_type", "discussion")
        entity_id = message.get("entity_id")
        content = message.get("content")
        if entity_type not in ENTITY_TYPES:
            return 400, {}, api_error("entity_type", entity_type, "Неверное значение", "invalid")
        if entity_id is None or content is None:
            key = "entity_id" if entity_id is None else "content"
            return 400, {}, api_error(key, None, "Поле не может быть пустым", "blank")
        if not isinstance(entity_id, int) or isinstance(entity_id, bool):
            return 400, {}, api_error("entity_id", entity_id, "Неверное значение", "invalid")
        if not isinstance(content, str) or not content.strip():
            return 422, {}, api_error("content", content, "Поле не может быть пустым", "blank")
        if entity_id not in self.chats:
            return 404, {}, api_error("entity_id", entity_id, "Чат не найден", "not_found")
        if not self._take_token(token, entity_id):
            return self._too_many(1)
        stored = self._store(entity_type, entity_id, content)
        return 201, {}, msgspec.json.encode({"data": stored})

    def _too_many(self, retry_after: int) -> Answer:
        payload = api_error("message", None, "Слишком много запросов", "rate_limit")
        return 429, {"retry-after": str(retry_after)}, payload

    def _take_token(self, token: str, chat_id: int) -> bool:
        if self.rate_per_second is None:
            return True
        now = time.monotonic()
        tokens, at = self._buckets.get((token, chat_id), (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate_per_second)
        if tokens < 1:
            self._buckets[(token, chat_id)] = (tokens, now)
            return False
        self._buckets[(token, chat_id)] = (tokens - 1, now)
        return True

    def _store(self, entity_type: str, chat_id: int, content: str) -> dict[str, Any]:
        message_id = 194275 + len(self.messages)
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        stored: dict[str, Any] = {
            "id": message_id,
            "entity_type": entity_type,
            "entity_id": chat_id,
            "chat_id": chat_id,
            "root_chat_id": chat_id,
            "content": content,
            "user_id": BOT_USER_ID,
            "created_at": created,
            "url": f"https://app.pachca.com/chats/{chat_id}?message={message_id}",
            "files": [],
            "buttons": [],
            "thread": None,
            "forwarding": None,
            "parent_message_id": None,
            "display_avatar_url": None,
            "display_name": None,
            "changed_at": None,
            "deleted_at": None,
        }
        self.messages.append(stored)
        return stored
