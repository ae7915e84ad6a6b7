"""Attempt logs for sign-in throttling: in memory (one process) or in Redis (all processes)."""

from __future__ import annotations

import asyncio
from uuid import uuid4

from redis.asyncio import Redis


class MemoryAttemptLog:
    def __init__(self) -> None:
        self._attempts: dict[str, list[float]] = {}
        self._lock = asyncio.Lock()

    async def recent(self, key: str, window_seconds: int, now: float) -> list[float]:
        async with self._lock:
            kept = [t for t in self._attempts.get(key, []) if t > now - window_seconds]
            if kept:
                self._attempts[key] = kept
            else:
                self._attempts.pop(key, None)
            return list(kept)

    async def add(self, key: str, window_seconds: int, now: float) -> None:
        async with self._lock:
            self._attempts.setdefault(key, []).append(now)

    async def clear(self, key: str) -> None:
        async with self._lock:
            self._attempts.pop(key, None)


class RedisAttemptLog:
    """A sorted set per key, scored by time; shared by every server process."""

    def __init__(self, redis: Redis, prefix: str = "thebot:") -> None:
        self._redis = redis
        self._prefix = prefix

    async def recent(self, key: str, window_seconds: int, now: float) -> list[float]:
        name = self._prefix + key
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(name, "-inf", now - window_seconds)
            pipe.zrange(name, 0, -1, withscores=True)
            _, members = await pipe.execute()
        return sorted(float(score) for _, score in members)

    async def add(self, key: str, window_seconds: int, now: float) -> None:
        name = self._prefix + key
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(name, {uuid4().hex: now})
            pipe.expire(name, window_seconds + 60)
            await pipe.execute()

    async def clear(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)
