"""``ChatNotifier`` over Pachca's HTTP API: ``POST /messages`` to one chat, with a bot token.

How each answer is read (Pachca's API has no idempotency key, so what matters is whether the
message may exist):

- 2xx (Pachca answers 201): posted.
- 429: not posted; wait ``Retry-After`` seconds (one second when Pachca gives none).
- 500, 502, 503 and a refused or failed connection: not posted; try again later.
- no answer after the request was sent (a timeout, a dropped connection) and 504 (a gateway
  gave up waiting for Pachca, which may still have posted): outcome unknown.
- any other 4xx: refused for good, with Pachca's own error in the message.

The token goes only into the ``Authorization`` header: never into a message or a log line.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

import httpx
import msgspec

from thebot.domain.forum.ports import PachcaRejected, PachcaUnavailable

DEFAULT_RETRY_AFTER = 1.0
MAX_ERROR_TEXT = 500


class HttpPachcaNotifier:
    """Posts texts to one Pachca chat (``entity_type`` "discussion") through one httpx client."""

    def __init__(
        self,
        api_url: str,
        token: str,
        chat_id: int | str,
        timeout: float,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._url = api_url.rstrip("/") + "/messages"
        self._token = token
        self._chat_id = int(chat_id)
        self._timeout = timeout
        self._client = httpx.AsyncClient(
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            transport=transport,
        )

    async def post(self, content: str) -> None:
        body = {
            "message": {"entity_type": "discussion", "entity_id": self._chat_id, "content": content}
        }
        sent = False

        async def trace(event: str, info: dict[str, Any]) -> None:
            nonlocal sent
            # From here on Pachca may act on the request even if no answer comes back.
            if event.endswith("send_request_body.complete"):
                sent = True

        try:
            # One limit for the whole exchange (httpx's limits apply to each phase).
            async with asyncio.timeout(self._timeout):
                response = await self._client.post(
                    self._url, json=body, extensions={"trace": trace}
                )
        except (TimeoutError, httpx.TransportError) as exc:
            what = "no answer from Pachca" if sent else "could not reach Pachca"
            raise PachcaUnavailable(
                f"{what}: {type(exc).__name__} {self._safe(str(exc))}".rstrip(),
                outcome_unknown=sent,
            ) from exc
        self._check(response)

    def _check(self, response: httpx.Response) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        if status == 429:
            raise PachcaUnavailable(
                f"Pachca rate limit (429): {self._error_text(response)}",
                retry_after=_retry_after(response) or DEFAULT_RETRY_AFTER,
            )
        if status == 504:
            raise PachcaUnavailable("Pachca's gateway timed out (504)", outcome_unknown=True)
        if status >= 500:
            raise PachcaUnavailable(f"Pachca answered {status}", retry_after=_retry_after(response))
        if 400 <= status < 500:
            raise PachcaRejected(
                f"Pachca refused the message ({status}): {self._error_text(response)}"
            )
        # 1xx/3xx: a misdirected URL, most likely; keep the notification until it is fixed.
        raise PachcaUnavailable(f"unexpected answer from Pachca ({status})")

    def _error_text(self, response: httpx.Response) -> str:
        """Pachca's error, from either of its shapes (ApiError, OAuthError), else the raw body."""
        try:
            data = msgspec.json.decode(response.content)
        except msgspec.DecodeError:
            data = None
        text: str
        if isinstance(data, dict) and isinstance(data.get("errors"), list):
            text = "; ".join(_api_error(item) for item in data["errors"])
        elif isinstance(data, dict) and "error" in data:
            text = f"{data.get('error')}: {data.get('error_description', '')}"
        else:
            text = response.text
        return self._safe(text.strip())[:MAX_ERROR_TEXT] or "(no details)"

    def _safe(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    async def close(self) -> None:
        await self._client.aclose()


def _api_error(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    return f"{item.get('key')}: {item.get('message')} ({item.get('code')})"


def _retry_after(response: httpx.Response) -> float | None:
    """Pachca's ``Retry-After`` in seconds (the numeric form), when it is usable."""
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds
