"""Who is online: counts of open sockets per user, in memory (one process) or in Redis.

In Redis every socket is a member of its user's sorted set, scored by when it stops counting.
The process holding the socket pushes that time forward while the socket is open (a heartbeat),
so sockets of a process that crashed stop counting after ``ttl_seconds`` instead of keeping their
users online for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from uuid import UUID, uuid4

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger("thebot.presence")

PRESENCE_TTL_SECONDS = 90


class MemoryPresence:
    """Socket counts of this process: the embedded default has one server process."""

    def __init__(self) -> None:
        self._sockets: dict[UUID, int] = {}

    async def connected(self, user_id: UUID) -> bool:
        self._sockets[user_id] = self._sockets.get(user_id, 0) + 1
        return self._sockets[user_id] == 1

    async def disconnected(self, user_id: UUID) -> bool:
        count = self._sockets.get(user_id, 0)
        if count <= 1:
            self._sockets.pop(user_id, None)
            return count == 1
        self._sockets[user_id] = count - 1
        return False

    async def online(self, user_ids: Sequence[UUID]) -> set[UUID]:
        return {user_id for user_id in user_ids if user_id in self._sockets}


class RedisPresence:
    """Sockets of every process, one sorted set per user; see the module's docstring."""

    def __init__(
        self,
        redis: Redis,
        *,
        ttl_seconds: int = PRESENCE_TTL_SECONDS,
        prefix: str = "thebot:presence:",
        now: Callable[[], float] = time.time,
    ) -> None:
        self._redis = redis
        self._ttl = ttl_seconds
        self._prefix = prefix
        self._now = now
        self._process = uuid4().hex
        self._mine: dict[UUID, list[str]] = {}
        self._heartbeat: asyncio.Task[None] | None = None

    def _key(self, user_id: UUID) -> str:
        return f"{self._prefix}{user_id}"

    async def connected(self, user_id: UUID) -> bool:
        member = f"{self._process}:{uuid4().hex}"
        self._mine.setdefault(user_id, []).append(member)
        if self._heartbeat is None:
            self._heartbeat = asyncio.create_task(self._beat(), name="presence heartbeat")
        now, key = self._now(), self._key(user_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zadd(key, {member: now + self._ttl})
            pipe.expire(key, self._ttl)
            pipe.zcard(key)
            *_, count = await pipe.execute()
        return int(count) == 1

    async def disconnected(self, user_id: UUID) -> bool:
        members = self._mine.get(user_id)
        if not members:
            return False
        member = members.pop()
        if not members:
            del self._mine[user_id]
        if not self._mine and self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None
        now, key = self._now(), self._key(user_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zrem(key, member)
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zcard(key)
            *_, count = await pipe.execute()
        return int(count) == 0

    async def online(self, user_ids: Sequence[UUID]) -> set[UUID]:
        if not user_ids:
            return set()
        now = self._now()
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for user_id in user_ids:
                    pipe.zcount(self._key(user_id), now, "+inf")
                counts = await pipe.execute()
        except RedisError as exc:
            # Nobody counts as online: notifications meant for offline people go to everyone,
            # rather than the message that causes them failing with Redis.
            log.warning("presence unknown: Redis is away", error=str(exc))
            return set()
        return {user_id for user_id, count in zip(user_ids, counts, strict=True) if count}

    async def refresh(self) -> None:
        """Push the expiry of this process's sockets forward (the heartbeat does it)."""
        if not self._mine:
            return
        until = self._now() + self._ttl
        async with self._redis.pipeline(transaction=False) as pipe:
            for user_id, members in self._mine.items():
                pipe.zadd(self._key(user_id), dict.fromkeys(members, until))
                pipe.expire(self._key(user_id), self._ttl)
            await pipe.execute()

    async def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
            self._heartbeat = None

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self._ttl / 3)
            try:
                await self.refresh()
            except Exception:  # Redis away for a moment: the next beat tries again
                log.warning("could not refresh presence", exc_info=True)
