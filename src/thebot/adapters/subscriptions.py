"""Sockets' subscriptions to their users' channels, live at the backend before they are used.

Two things the Channels plugin does not promise on the Redis backend, and sockets need:

- **Serial subscribe and unsubscribe.** redis-py's ``PubSub`` opens its connection on the first
  command; two first commands at once each open one, and the SUBSCRIBE sent on the connection
  that is then dropped is never read (a burst of sockets right after a start lost their events).
  And a user's old socket unsubscribing while their new one subscribes can reach Redis in the
  wrong order, leaving the new socket deaf. One lock per process orders them; each holds it for
  as long as it takes to write one command.
- **"Ready" means live.** Redis acknowledges SUBSCRIBE asynchronously: an event published a
  moment after ``subscribe()`` returned can still miss the new subscriber. A client that
  reconnects fetches what it missed with the cursor API once the socket says it is ready, so
  each subscription also subscribes a channel of its own and waits until Redis counts a
  subscriber on it. Commands on one connection run in order, so the user's channel (subscribed
  in the same or an earlier command on the same connection) is live by then too.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID, uuid4

from litestar.channels import ChannelsPlugin, Subscriber
from redis.asyncio import Redis

from thebot.adapters.realtime import user_channel

CONFIRM_WITHIN_SECONDS = 5.0
POLL_SECONDS = 0.002


class FeedUnavailable(Exception):
    """The backend did not confirm the subscription in time."""


class UserFeeds:
    """Hands out users' event feeds for sockets; one per process."""

    def __init__(self, channels: ChannelsPlugin, redis: Redis | None) -> None:
        self._channels = channels
        self._redis = redis
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def feed(self, user_id: UUID) -> AsyncIterator[Subscriber]:
        """Every event published to the user from the moment this is entered, from any process.

        Raises ``FeedUnavailable`` when Redis does not confirm the subscription in time.
        """
        own = f"socket.{uuid4().hex}"
        async with self._lock:
            subscriber = await self._channels.subscribe([user_channel(user_id), own])
        try:
            if self._redis is not None:
                await _confirmed(self._redis, own)
            yield subscriber
        finally:
            async with self._lock:
                await self._channels.unsubscribe(subscriber)


async def _confirmed(redis: Redis, channel: str) -> None:
    try:
        async with asyncio.timeout(CONFIRM_WITHIN_SECONDS):
            while True:
                counts = dict(await redis.pubsub_numsub(channel))
                if counts.get(channel.encode(), 0) or counts.get(channel, 0):
                    return
                await asyncio.sleep(POLL_SECONDS)
    except TimeoutError as exc:
        raise FeedUnavailable(channel) from exc
