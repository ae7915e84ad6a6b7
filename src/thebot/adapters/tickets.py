"""One-time values with a short life: in memory (one process) or in Redis (all processes).

Keys are hashes of socket tickets (see ``thebot.domain.accounts.tickets``); neither the keys nor
the values are ever logged.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from redis.asyncio import Redis


class MemoryTicketStore:
    """Values in a dict with their expiry; expired ones are swept whenever one is added."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._values: dict[str, tuple[float, bytes]] = {}
        self._monotonic = monotonic

    async def put(self, key: str, value: bytes, ttl_seconds: int) -> bool:
        now = self._monotonic()
        self._values = {k: v for k, v in self._values.items() if v[0] > now}
        if key in self._values:
            return False
        self._values[key] = (now + ttl_seconds, value)
        return True

    async def take(self, key: str) -> bytes | None:
        # No await between the read and the removal: one event loop, so the take is atomic.
        found = self._values.pop(key, None)
        if found is None or found[0] <= self._monotonic():
            return None
        return found[1]


class RedisTicketStore:
    """``SET NX EX`` to keep, ``GETDEL`` to take: Redis expires them and makes the take atomic."""

    def __init__(self, redis: Redis, prefix: str = "thebot:ticket:") -> None:
        self._redis = redis
        self._prefix = prefix

    async def put(self, key: str, value: bytes, ttl_seconds: int) -> bool:
        stored = await self._redis.set(self._prefix + key, value, ex=ttl_seconds, nx=True)
        return bool(stored)

    async def take(self, key: str) -> bytes | None:
        value: bytes | None = await self._redis.getdel(self._prefix + key)
        return value
