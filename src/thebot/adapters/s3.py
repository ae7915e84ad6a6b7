"""File storage on S3-compatible object storage (production), over httpx with SigV4 signing.

Objects live at ``{endpoint}/{bucket}/{key}`` (path-style addressing, which every S3-compatible
store accepts, unlike virtual-hosted buckets). The keys are the platform's own (see
``checked_key``), checked before any request. Public files (avatars) are fetched by browsers from
``public_base_url``; every other file is read here by an access-checked route.

When the store fails (a 5xx, a timeout, a refused signature) the call raises
``StorageUnavailable``, a ``ProviderUnavailable``: the HTTP edge answers 503 and the request's
transaction rolls back, so no record points at bytes that were never stored.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import structlog

from thebot.adapters.s3_signing import Credentials, signed_headers, uri_encode
from thebot.adapters.storage import checked_key
from thebot.domain.shared.errors import NotFound, ProviderUnavailable

log = structlog.get_logger("thebot.storage")

_ERROR_CODE = re.compile(rb"<Code>([^<]{1,100})</Code>")


class StorageUnavailable(ProviderUnavailable):
    """The object store did not do what was asked; ``reason`` says why (for logs, not users)."""

    def __init__(self, reason: str) -> None:
        super().__init__("File storage is unavailable for a moment; try again.")
        self.reason = reason


class S3FileStorage:
    """One bucket of an S3-compatible store, through one httpx client."""

    def __init__(
        self,
        *,
        endpoint_url: str,
        bucket: str,
        credentials: Credentials,
        public_base_url: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        endpoint = httpx.URL(endpoint_url.rstrip("/"))
        self._origin = f"{endpoint.scheme}://{endpoint.netloc.decode('ascii')}"
        self._host = endpoint.netloc.decode("ascii")
        # The endpoint may carry a path prefix (a store behind a proxy under /s3).
        self._prefix = endpoint.path.rstrip("/")
        self._bucket = bucket
        self._credentials = credentials
        self._public_base = public_base_url.rstrip("/")
        self._timeout = timeout
        self._now = now
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"S3FileStorage(endpoint={self._origin + self._prefix!r}, bucket={self._bucket!r})"

    async def save(self, key: str, content: bytes, content_type: str) -> None:
        response = await self._request("PUT", key, content, {"content-type": content_type})
        if response.status_code != 200:
            raise self._failure("PUT", key, response)

    async def read(self, key: str) -> bytes:
        response = await self._request("GET", key)
        if response.status_code == 200:
            return response.content
        if response.status_code == 404 and _code(response) == "NoSuchKey":
            raise NotFound("File not found.")
        raise self._failure("GET", key, response)

    async def delete(self, key: str) -> None:
        # S3 answers 204 whether or not the key existed: removing a missing file is no error.
        response = await self._request("DELETE", key)
        if response.status_code not in (200, 204):
            raise self._failure("DELETE", key, response)

    async def exists(self, key: str) -> bool:
        response = await self._request("HEAD", key)
        if response.status_code == 200:
            return True
        if response.status_code == 404:
            return False
        raise self._failure("HEAD", key, response)

    def url(self, key: str) -> str:
        return f"{self._public_base}/{checked_key(key)}"

    async def close(self) -> None:
        await self._client.aclose()

    # ----- one signed request ---------------------------------------------------------------

    async def _request(
        self, method: str, key: str, content: bytes = b"", extra: dict[str, str] | None = None
    ) -> httpx.Response:
        name = uri_encode(checked_key(key), keep_slash=True)
        path = f"{self._prefix}/{uri_encode(self._bucket)}/{name}"
        headers = signed_headers(
            self._credentials, method, self._host, path, content, self._now(), extra
        )
        body = content if method == "PUT" else None
        try:
            # One limit for the whole exchange (httpx's timeouts apply to each phase).
            async with asyncio.timeout(self._timeout):
                return await self._client.request(
                    method, self._origin + path, headers=headers, content=body
                )
        except (TimeoutError, httpx.TransportError) as exc:
            reason = f"{method} {key}: no answer ({type(exc).__name__})"
            log.warning("storage.unavailable", reason=reason)
            raise StorageUnavailable(reason) from exc

    def _failure(self, method: str, key: str, response: httpx.Response) -> StorageUnavailable:
        code = _code(response) or "no error code"
        reason = f"{method} {key}: answered {response.status_code} {code}"
        log.warning("storage.unavailable", reason=reason)
        return StorageUnavailable(reason)


def _code(response: httpx.Response) -> str | None:
    """S3's error ``<Code>`` (``NoSuchKey``, ``SignatureDoesNotMatch``…), if the body has one."""
    found = _ERROR_CODE.search(response.content[:4096])
    return found.group(1).decode("utf-8", "replace") if found else None
