"""Real-time events over Litestar Channels: one process (memory) and across processes (Redis)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar.channels import ChannelsPlugin, Subscriber
from redis.asyncio import Redis

from tests.conftest import TEST_REDIS_URL, needs_redis
from thebot.adapters.realtime import ChannelsRealtimePublisher, create_channels_plugin, user_channel

NOTHING_WAIT = 0.3


async def next_event(subscriber: Subscriber, within: float = 1.0) -> dict[str, Any]:
    async with asyncio.timeout(within):
        async for raw in subscriber.iter_events():
            event: dict[str, Any] = json.loads(raw)
            return event
    raise AssertionError("the subscription ended without an event")


async def assert_nothing_arrives(subscriber: Subscriber) -> None:
    with pytest.raises(TimeoutError):
        await next_event(subscriber, within=NOTHING_WAIT)


def test_each_user_has_a_personal_channel() -> None:
    user_id = UUID("0195f3c2-7b1e-7c3a-9d2e-4a1b2c3d4e5f")

    assert user_channel(user_id) == "user.0195f3c2-7b1e-7c3a-9d2e-4a1b2c3d4e5f"
    assert user_channel(str(user_id)) == user_channel(user_id)


# ----- memory backend: one process ------------------------------------------------------------


@pytest.fixture
async def memory_plugin() -> AsyncIterator[ChannelsPlugin]:
    async with create_channels_plugin(None) as plugin:
        yield plugin


async def test_an_event_reaches_the_addressed_user_only(memory_plugin: ChannelsPlugin) -> None:
    anna, boris = uuid4(), uuid4()
    publisher = ChannelsRealtimePublisher(memory_plugin)

    async with (
        memory_plugin.start_subscription([user_channel(anna)]) as anna_events,
        memory_plugin.start_subscription([user_channel(boris)]) as boris_events,
    ):
        await publisher.publish_to_users(
            [anna], "message.created", {"room_id": "r1", "text": "Привет", "n": 1}
        )

        assert await next_event(anna_events) == {
            "type": "message.created",
            "data": {"room_id": "r1", "text": "Привет", "n": 1},
        }
        await assert_nothing_arrives(boris_events)
        await assert_nothing_arrives(anna_events)


async def test_one_publish_reaches_every_addressed_user_and_every_socket_of_each(
    memory_plugin: ChannelsPlugin,
) -> None:
    anna, boris = uuid4(), uuid4()
    publisher = ChannelsRealtimePublisher(memory_plugin)

    async with (
        memory_plugin.start_subscription([user_channel(anna)]) as anna_laptop,
        memory_plugin.start_subscription([user_channel(anna)]) as anna_phone,
        memory_plugin.start_subscription([user_channel(boris)]) as boris_events,
    ):
        await publisher.publish_to_users([anna, boris], "lesson.cancelled", {"lesson_id": "l1"})

        expected = {"type": "lesson.cancelled", "data": {"lesson_id": "l1"}}
        assert await next_event(anna_laptop) == expected
        assert await next_event(anna_phone) == expected
        assert await next_event(boris_events) == expected


async def test_events_arrive_in_the_order_they_were_published(
    memory_plugin: ChannelsPlugin,
) -> None:
    anna = uuid4()
    publisher = ChannelsRealtimePublisher(memory_plugin)

    async with memory_plugin.start_subscription([user_channel(anna)]) as events:
        for n in range(5):
            await publisher.publish_to_users([anna], "message.created", {"n": n})

        assert [(await next_event(events))["data"]["n"] for _ in range(5)] == [0, 1, 2, 3, 4]


async def test_publishing_to_nobody_or_to_users_without_sockets_is_harmless(
    memory_plugin: ChannelsPlugin,
) -> None:
    publisher = ChannelsRealtimePublisher(memory_plugin)

    await publisher.publish_to_users([], "message.created", {"n": 1})
    await publisher.publish_to_users([uuid4()], "message.created", {"n": 1})


async def test_a_user_who_unsubscribed_gets_nothing_more(memory_plugin: ChannelsPlugin) -> None:
    anna = uuid4()
    publisher = ChannelsRealtimePublisher(memory_plugin)
    async with memory_plugin.start_subscription([user_channel(anna)]):
        pass

    async with memory_plugin.start_subscription([user_channel(anna)]) as later:
        await publisher.publish_to_users([anna], "message.created", {"n": 2})
        assert (await next_event(later))["data"] == {"n": 2}


def test_each_app_gets_its_own_plugin() -> None:
    assert create_channels_plugin(None) is not create_channels_plugin(None)


# ----- Redis backend: two server processes ----------------------------------------------------


@pytest.fixture
async def two_servers(redis: Redis | None) -> AsyncIterator[tuple[ChannelsPlugin, ChannelsPlugin]]:
    """Two plugins on two Redis clients, as two server processes would have them."""
    assert TEST_REDIS_URL is not None
    async with AsyncExitStack() as stack:
        plugins = []
        for _ in range(2):
            client = Redis.from_url(TEST_REDIS_URL)
            stack.push_async_callback(client.aclose)
            plugins.append(await stack.enter_async_context(create_channels_plugin(client)))
        yield plugins[0], plugins[1]


async def subscribed_on_server(redis: Redis, channel: str, subscribers: int = 1) -> None:
    """Wait until Redis has the subscriptions: SUBSCRIBE is acknowledged asynchronously."""
    async with asyncio.timeout(2):
        while True:
            counts = dict(await redis.pubsub_numsub(channel))
            if counts.get(channel.encode(), 0) >= subscribers:
                return
            await asyncio.sleep(0.01)


@needs_redis
async def test_an_event_published_by_one_process_reaches_a_socket_held_by_another(
    two_servers: tuple[ChannelsPlugin, ChannelsPlugin], redis: Redis | None
) -> None:
    assert redis is not None
    server_a, server_b = two_servers
    anna, boris = uuid4(), uuid4()

    async with (
        server_b.start_subscription([user_channel(anna)]) as anna_on_b,
        server_b.start_subscription([user_channel(boris)]) as boris_on_b,
    ):
        await subscribed_on_server(redis, user_channel(anna))
        await subscribed_on_server(redis, user_channel(boris))

        await ChannelsRealtimePublisher(server_a).publish_to_users(
            [anna], "message.created", {"room_id": "r1", "text": "hello"}
        )

        assert await next_event(anna_on_b, within=1.0) == {
            "type": "message.created",
            "data": {"room_id": "r1", "text": "hello"},
        }
        await assert_nothing_arrives(boris_on_b)


@needs_redis
async def test_both_processes_deliver_to_their_own_sockets_of_one_user(
    two_servers: tuple[ChannelsPlugin, ChannelsPlugin], redis: Redis | None
) -> None:
    assert redis is not None
    server_a, server_b = two_servers
    anna = uuid4()

    async with (
        server_a.start_subscription([user_channel(anna)]) as anna_on_a,
        server_b.start_subscription([user_channel(anna)]) as anna_on_b,
    ):
        await subscribed_on_server(redis, user_channel(anna), subscribers=2)

        await ChannelsRealtimePublisher(server_b).publish_to_users([anna], "ping", {"n": 1})

        assert await next_event(anna_on_a) == {"type": "ping", "data": {"n": 1}}
        assert await next_event(anna_on_b) == {"type": "ping", "data": {"n": 1}}
        await assert_nothing_arrives(anna_on_a)
