"""Attempt logs for sign-in throttling: in memory (one process) or in Redis (all processes)."""

from __future__ import annotations

import asyncio
import bisect
from uuid import uuid4

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger("thebot.throttle")


class MemoryAttemptLog:
    """Attempts per key in this process.

    A key is only pruned when it is read, so keys nobody reads again (a spray of made-up emails)
    are swept now and then once their window has passed: memory stays bounded by the window.
    """

    def __init__(self, sweep_every_seconds: float = 60) -> None:
        self._attempts: dict[str, list[float]] = {}
        self._forget_at: dict[str, float] = {}
        self._sweep_every = sweep_every_seconds
        self._next_sweep = float("-inf")
        self._lock = asyncio.Lock()

    async def recent(self, key: str, window_seconds: int, now: float) -> list[float]:
        async with self._lock:
            kept = [t for t in self._attempts.get(key, []) if t > now - window_seconds]
            if kept:
                self._attempts[key] = kept
            else:
                self._forget(key)
            return list(kept)

    async def add(self, key: str, window_seconds: int, now: float) -> None:
        async with self._lock:
            # Kept in time order: concurrent sign-ins may record their attempts out of order.
            bisect.insort(self._attempts.setdefault(key, []), now)
            self._forget_at[key] = max(self._forget_at.get(key, now), now + window_seconds)
            if now >= self._next_sweep:
                self._next_sweep = now + self._sweep_every
                for stale in [name for name, at in self._forget_at.items() if at <= now]:
                    self._forget(stale)

    async def clear(self, key: str) -> None:
        async with self._lock:
            self._forget(key)

    def _forget(self, key: str) -> None:
        self._attempts.pop(key, None)
        self._forget_at.pop(key, None)


class RedisAttemptLog:
    """A sorted set per key, scored by time; shared by every server process.

    While Redis is unreachable the attempts are counted in this process instead (a sign-in must
    not fail because its throttle cannot be read, nor go unthrottled); what was counted here
    keeps counting, alongside Redis, until its window has passed.
    """

    def __init__(self, redis: Redis, prefix: str = "thebot:") -> None:
        self._redis = redis
        self._prefix = prefix
        self._fallback = MemoryAttemptLog()

    async def recent(self, key: str, window_seconds: int, now: float) -> list[float]:
        name = self._prefix + key
        local = await self._fallback.recent(key, window_seconds, now)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(name, "-inf", now - window_seconds)
                pipe.zrange(name, 0, -1, withscores=True)
                _, members = await pipe.execute()
        except RedisError as exc:
            log.warning("sign-in attempts counted in this process: Redis is away", error=str(exc))
            return local
        return sorted([float(score) for _, score in members] + local)

    async def add(self, key: str, window_seconds: int, now: float) -> None:
        name = self._prefix + key
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zadd(name, {uuid4().hex: now})
                pipe.expire(name, window_seconds + 60)
                await pipe.execute()
        except RedisError as exc:
            log.warning("sign-in attempts counted in this process: Redis is away", error=str(exc))
            await self._fallback.add(key, window_seconds, now)

    async def clear(self, key: str) -> None:
        await self._fallback.clear(key)
        try:
            await self._redis.delete(self._prefix + key)
        except RedisError as exc:
            log.warning("sign-in attempts not cleared in Redis: Redis is away", error=str(exc))
