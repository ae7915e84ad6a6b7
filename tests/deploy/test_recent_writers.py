"""Read-your-writes marks: a user who wrote is "recent" for the configured seconds, in Redis
(shared by every process) or in memory; nobody else is, and zero seconds turns the rule off."""

from __future__ import annotations

from uuid import uuid4

import pytest
from redis.asyncio import Redis

from tests.conftest import needs_redis
from thebot.adapters.db.routing import RecentWriters


@pytest.fixture(params=["memory", pytest.param("redis", marks=needs_redis)])
def backend(request: pytest.FixtureRequest, redis: Redis | None) -> Redis | None:
    return None if request.param == "memory" else redis


async def test_a_user_who_wrote_is_recent_and_another_is_not(backend: Redis | None) -> None:
    writers = RecentWriters(backend, seconds=5)
    writer, reader = uuid4(), uuid4()

    await writers.mark(writer)

    assert await writers.wrote_recently(writer)
    assert not await writers.wrote_recently(reader)


@needs_redis
async def test_the_mark_is_shared_by_every_instance_on_the_same_redis(redis: Redis) -> None:
    writer = uuid4()

    await RecentWriters(redis, seconds=5).mark(writer)

    assert await RecentWriters(redis, seconds=5).wrote_recently(writer)


async def test_zero_seconds_never_keeps_anyone_on_the_primary(backend: Redis | None) -> None:
    writers = RecentWriters(backend, seconds=0)
    writer = uuid4()

    await writers.mark(writer)

    assert not await writers.wrote_recently(writer)
