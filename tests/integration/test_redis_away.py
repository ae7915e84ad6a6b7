"""What the Redis-backed adapters do when Redis does not answer: they degrade, never raise.

A real client pointed at a port where nothing listens (no mock): sign-in throttling counts in
this process, presence knows nobody online (so notifications go to everyone), and replica
routing reads from the primary, which is always current.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
from redis.asyncio import Redis

from tests.processes import free_port
from thebot.adapters.db.routing import RecentWriters
from thebot.adapters.presence import RedisPresence
from thebot.adapters.redis_client import create_redis
from thebot.adapters.throttle import RedisAttemptLog


@pytest.fixture
async def unreachable() -> AsyncIterator[Redis]:
    client = create_redis(f"redis://127.0.0.1:{free_port()}/0")
    yield client
    await client.aclose()


async def test_sign_in_attempts_are_counted_in_this_process_while_redis_is_away(
    unreachable: Redis,
) -> None:
    attempts = RedisAttemptLog(unreachable)
    await attempts.add("email:ann@example.org", 900, now=100.0)
    await attempts.add("email:ann@example.org", 900, now=101.0)

    assert await attempts.recent("email:ann@example.org", 900, now=102.0) == [100.0, 101.0]
    assert await attempts.recent("email:ann@example.org", 900, now=1100.0) == []
    await attempts.clear("email:ann@example.org")
    await attempts.add("email:ann@example.org", 900, now=200.0)
    await attempts.clear("email:ann@example.org")
    assert await attempts.recent("email:ann@example.org", 900, now=201.0) == []


async def test_presence_knows_nobody_online_while_redis_is_away(unreachable: Redis) -> None:
    presence = RedisPresence(unreachable)
    assert await presence.online([uuid4(), uuid4()]) == set()


async def test_replica_routing_reads_from_the_primary_while_redis_is_away(
    unreachable: Redis,
) -> None:
    writers = RecentWriters(unreachable, seconds=5)
    user = uuid4()
    await writers.mark(user)  # lost, and said so in the log, but no error for the request
    assert await writers.wrote_recently(user) is True
    assert await RecentWriters(unreachable, seconds=0).wrote_recently(user) is False
