"""Read replicas: work that only reads goes to a streaming replica, everything else to the primary.

Built on advanced-alchemy's routing session (``advanced_alchemy.routing``): its ``get_bind``
sends each statement to the primary or to a replica, and ``primary_context`` forces the primary.
Only units of work opened for the replica use it (the HTTP edge opens them for ``READ_ONLY``
handlers); the CLI, jobs and every write keep the plain sessions on the primary.

Replication is asynchronous, so a replica may lag the primary by a little. A user who has just
written (a committed unit of work of theirs) is kept on the primary for a few seconds, in every
process (the mark is kept in Redis), so they always read their own writes. Other people's writes
show up on the replica as soon as it replays them (usually within milliseconds).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Final
from uuid import UUID

import structlog
from advanced_alchemy.config.routing import RoutingConfig
from advanced_alchemy.routing import RoundRobinSelector, RoutingAsyncSession
from advanced_alchemy.routing.context import force_primary_var
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from thebot.adapters.db.engine import create_engine
from thebot.adapters.db.uow import SqlUnitOfWork

PRIMARY_GROUP: Final = "primary"
REPLICA_GROUP: Final = "replica"
_KEY_PREFIX: Final = "thebot:replica:wrote:"
log = structlog.get_logger("thebot.replicas")


class RecentWriters:
    """Who wrote in the last ``seconds``: in Redis, so every process agrees; else in memory."""

    def __init__(self, redis: Redis | None, seconds: int) -> None:
        self._redis = redis
        self._seconds = seconds
        self._local: dict[UUID, float] = {}

    async def mark(self, user_id: UUID) -> None:
        if self._seconds <= 0:
            return
        if self._redis is not None:
            try:
                await self._redis.set(_KEY_PREFIX + str(user_id), b"1", ex=self._seconds)
            except RedisError as exc:
                log.warning("read-your-writes mark lost: Redis is away", error=str(exc))
            return
        now = time.monotonic()
        self._local = {uid: until for uid, until in self._local.items() if until > now}
        self._local[user_id] = now + self._seconds

    async def wrote_recently(self, user_id: UUID) -> bool:
        if self._seconds <= 0:
            return False
        if self._redis is not None:
            try:
                return bool(await self._redis.exists(_KEY_PREFIX + str(user_id)))
            except RedisError:
                return True  # unknown: the primary is always current
        return self._local.get(user_id, 0.0) > time.monotonic()


class ReplicaRouting:
    """Sessions that read from the replicas, and the read-your-writes rule around them."""

    def __init__(
        self, primary: AsyncEngine, replicas: Sequence[AsyncEngine], writers: RecentWriters
    ) -> None:
        self._replicas = list(replicas)
        self._writers = writers
        # Autocommit on both sides, like the primary's read-only sessions: no BEGIN/COMMIT.
        on_primary = primary.execution_options(isolation_level="AUTOCOMMIT")
        self.session_factory: async_sessionmaker[AsyncSession] = async_sessionmaker(
            class_=RoutingAsyncSession,
            expire_on_commit=False,
            autoflush=False,
            routing_config=RoutingConfig(
                default_group=PRIMARY_GROUP, read_group=REPLICA_GROUP, sticky_after_write=True
            ),
            selectors={
                PRIMARY_GROUP: RoundRobinSelector([on_primary]),
                REPLICA_GROUP: RoundRobinSelector(
                    [e.execution_options(isolation_level="AUTOCOMMIT") for e in self._replicas]
                ),
            },
            default_engine=on_primary,
        )

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    async def follow(self, uow: SqlUnitOfWork, user_id: UUID, *, on_replica: bool) -> None:
        """Apply read-your-writes to the request of ``user_id``: a replica unit of a user who
        wrote recently reads from the primary instead; any other unit marks its user as a
        writer once it commits."""
        if on_replica:
            if await self._writers.wrote_recently(user_id):
                # For the rest of this request's task (each request runs in a task of its own).
                force_primary_var.set(True)
            return

        async def mark() -> None:
            await self._writers.mark(user_id)

        uow.after_commit(mark)

    async def close(self) -> None:
        for engine in self._replicas:
            await engine.dispose()


def create_replica_routing(
    primary: AsyncEngine, urls: Sequence[str], redis: Redis | None, sticky_seconds: int
) -> ReplicaRouting:
    return ReplicaRouting(
        primary, [create_engine(url) for url in urls], RecentWriters(redis, sticky_seconds)
    )
