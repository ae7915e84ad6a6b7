"""Cross-cutting ports: time, background jobs, real-time events and file storage."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class JobQueue(Protocol):
    """Runs named background jobs, in another process (SAQ) or in this one (embedded)."""

    async def enqueue(
        self,
        job: str,
        *,
        key: str | None = None,
        delay_seconds: float = 0,
        **kwargs: Any,
    ) -> None:
        """Queue ``job`` with ``kwargs``; a job whose ``key`` is already queued is not added."""
        ...


class RealtimePublisher(Protocol):
    """Pushes events to users' open sockets, whichever server process holds them."""

    async def publish_to_users(
        self, user_ids: Iterable[UUID], event: str, data: Mapping[str, Any]
    ) -> None: ...


class FileStorage(Protocol):
    """Stores files under opaque keys (``avatars/…``); never trusts a client-chosen name."""

    async def save(self, key: str, content: bytes, content_type: str) -> None: ...

    async def read(self, key: str) -> bytes:
        """The stored bytes; raises ``NotFound`` when there is no such file."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; removing a missing file is not an error."""
        ...

    async def exists(self, key: str) -> bool: ...

    def url(self, key: str) -> str:
        """The absolute URL a client uses to fetch a public file."""
        ...


class AfterCommit(Protocol):
    """Work that must wait for the transaction's outcome (files, events, queued jobs)."""

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        """Run ``action`` once the transaction has committed."""
        ...

    def after_rollback(self, action: Callable[[], Awaitable[None]]) -> None:
        """Run ``action`` if the transaction ends without committing."""
        ...
