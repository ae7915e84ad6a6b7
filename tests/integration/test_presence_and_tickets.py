"""Presence counts and one-time ticket stores: the memory twins and the Redis adapters."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
from redis.asyncio import Redis

from tests.conftest import TEST_REDIS_URL, needs_redis
from thebot.adapters.presence import MemoryPresence, RedisPresence
from thebot.adapters.tickets import MemoryTicketStore, RedisTicketStore


class Now:
    def __init__(self, at: float = 1_000_000.0) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


@pytest.fixture(params=["memory", pytest.param("redis", marks=needs_redis)])
async def ticket_store(
    request: pytest.FixtureRequest, redis: Redis | None
) -> MemoryTicketStore | RedisTicketStore:
    if request.param == "memory":
        return MemoryTicketStore()
    assert redis is not None
    return RedisTicketStore(redis)


@pytest.fixture(params=["memory", pytest.param("redis", marks=needs_redis)])
async def presence(
    request: pytest.FixtureRequest, redis: Redis | None
) -> AsyncIterator[MemoryPresence | RedisPresence]:
    if request.param == "memory":
        yield MemoryPresence()
        return
    assert redis is not None
    tracker = RedisPresence(redis)
    yield tracker
    await tracker.close()


# ----- tickets ----------------------------------------------------------------------------------


async def test_a_ticket_is_taken_once(ticket_store: MemoryTicketStore | RedisTicketStore) -> None:
    assert await ticket_store.put("k", b"claims", 30)

    assert await ticket_store.take("k") == b"claims"
    assert await ticket_store.take("k") is None
    assert await ticket_store.take("unknown") is None


async def test_a_ticket_is_never_overwritten(
    ticket_store: MemoryTicketStore | RedisTicketStore,
) -> None:
    assert await ticket_store.put("k", b"first", 30)
    assert not await ticket_store.put("k", b"second", 30)

    assert await ticket_store.take("k") == b"first"


async def test_of_concurrent_takes_only_one_gets_the_ticket(
    ticket_store: MemoryTicketStore | RedisTicketStore,
) -> None:
    await ticket_store.put("k", b"claims", 30)

    taken = await asyncio.gather(*(ticket_store.take("k") for _ in range(10)))

    assert taken.count(b"claims") == 1


async def test_a_memory_ticket_expires() -> None:
    now = Now()
    store = MemoryTicketStore(monotonic=now)
    await store.put("k", b"claims", 30)
    now.at += 30

    assert await store.take("k") is None


@needs_redis
async def test_a_redis_ticket_expires_with_its_key(redis: Redis | None) -> None:
    assert redis is not None
    await RedisTicketStore(redis).put("k", b"claims", 30)

    assert 0 < await redis.ttl("thebot:ticket:k") <= 30


# ----- presence ---------------------------------------------------------------------------------


async def test_a_user_is_online_from_the_first_socket_to_the_last(
    presence: MemoryPresence | RedisPresence,
) -> None:
    ann, bob = uuid4(), uuid4()

    assert await presence.connected(ann) is True
    assert await presence.connected(ann) is False  # a second tab
    assert await presence.online([ann, bob]) == {ann}
    assert await presence.disconnected(ann) is False
    assert await presence.online([ann, bob]) == {ann}
    assert await presence.disconnected(ann) is True
    assert await presence.online([ann, bob]) == set()
    assert await presence.disconnected(ann) is False  # nothing left to forget


@needs_redis
async def test_sockets_of_two_processes_count_together() -> None:
    assert TEST_REDIS_URL is not None
    ann = uuid4()
    clients = [Redis.from_url(TEST_REDIS_URL), Redis.from_url(TEST_REDIS_URL)]
    one, two = RedisPresence(clients[0]), RedisPresence(clients[1])
    try:
        assert await one.connected(ann) is True
        assert await two.connected(ann) is False
        assert await one.disconnected(ann) is False
        assert await two.online([ann]) == {ann}
        assert await two.disconnected(ann) is True
    finally:
        for tracker in (one, two):
            await tracker.close()
        for client in clients:
            await client.aclose()


@needs_redis
async def test_sockets_of_a_process_that_stopped_beating_stop_counting(
    redis: Redis | None,
) -> None:
    assert redis is not None
    ann, now = uuid4(), Now()
    crashed = RedisPresence(redis, ttl_seconds=90, now=now)
    alive = RedisPresence(redis, ttl_seconds=90, now=now)
    try:
        await crashed.connected(ann)
        now.at += 60
        await alive.refresh()  # the living process beats; the crashed one cannot
        assert await alive.online([ann]) == {ann}
        now.at += 31

        assert await alive.online([ann]) == set()
        assert await alive.connected(ann) is True  # coming back counts as coming online
    finally:
        await crashed.close()
        await alive.close()


@needs_redis
async def test_the_heartbeat_keeps_open_sockets_counting(redis: Redis | None) -> None:
    assert redis is not None
    ann, now = uuid4(), Now()
    tracker = RedisPresence(redis, ttl_seconds=90, now=now)
    try:
        await tracker.connected(ann)
        now.at += 80
        await tracker.refresh()
        now.at += 80

        assert await tracker.online([ann]) == {ann}
        assert 0 < await redis.ttl(f"thebot:presence:{ann}") <= 90
    finally:
        await tracker.close()
