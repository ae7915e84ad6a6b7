"""Sockets' feeds: live once entered, even in a burst right after a start, on both backends."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from uuid import uuid4

import pytest
from litestar.channels import ChannelsPlugin, Subscriber
from redis.asyncio import Redis

from tests.conftest import TEST_REDIS_URL, needs_redis
from thebot.adapters.realtime import ChannelsRealtimePublisher, create_channels_plugin
from thebot.adapters.subscriptions import UserFeeds


async def next_payload(subscriber: Subscriber, within: float = 1.0) -> dict[str, object]:
    async with asyncio.timeout(within):
        async for raw in subscriber.iter_events():
            event: dict[str, object] = json.loads(raw)
            return event
    raise AssertionError("the feed ended")


@pytest.fixture(params=["memory", pytest.param("redis", marks=needs_redis)])
async def plugin(
    request: pytest.FixtureRequest, redis: Redis | None
) -> AsyncIterator[tuple[ChannelsPlugin, Redis | None]]:
    """A freshly started plugin (its Redis connection for subscriptions not opened yet)."""
    client = Redis.from_url(TEST_REDIS_URL) if request.param == "redis" and TEST_REDIS_URL else None
    try:
        async with create_channels_plugin(client) as started:
            yield started, client
    finally:
        if client is not None:
            await client.aclose()


async def test_feeds_entered_at_once_right_after_a_start_all_receive(
    plugin: tuple[ChannelsPlugin, Redis | None],
) -> None:
    channels, redis = plugin
    feeds = UserFeeds(channels, redis)
    users = [uuid4() for _ in range(20)]
    async with AsyncExitStack() as stack:
        subscribers = await asyncio.gather(
            *(stack.enter_async_context(feeds.feed(user)) for user in users)
        )
        publisher = ChannelsRealtimePublisher(channels)
        for n, user in enumerate(users):
            await publisher.publish_to_users([user], "message.created", {"n": n})

        for n, subscriber in enumerate(subscribers):
            assert await next_payload(subscriber) == {"type": "message.created", "data": {"n": n}}


async def test_a_feed_replacing_another_of_the_same_user_receives(
    plugin: tuple[ChannelsPlugin, Redis | None],
) -> None:
    channels, redis = plugin
    feeds = UserFeeds(channels, redis)
    user = uuid4()
    publisher = ChannelsRealtimePublisher(channels)
    for n in range(20):
        old = feeds.feed(user)
        await old.__aenter__()
        new = feeds.feed(user)
        # The old socket leaves while the new one arrives (a reloaded page).
        _, subscriber = await asyncio.gather(old.__aexit__(None, None, None), new.__aenter__())
        try:
            await publisher.publish_to_users([user], "message.created", {"n": n})
            assert await next_payload(subscriber) == {"type": "message.created", "data": {"n": n}}
        finally:
            await new.__aexit__(None, None, None)
