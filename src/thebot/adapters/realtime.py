"""Real-time events over Litestar Channels: memory backend in one process, Redis across many."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

import msgspec
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from redis.asyncio import Redis


def user_channel(user_id: UUID | str) -> str:
    return f"user.{user_id}"


def create_channels_plugin(redis: Redis | None) -> ChannelsPlugin:
    """A fresh plugin per app: a backend must never outlive the app that started it."""
    backend = (
        MemoryChannelsBackend()
        if redis is None
        else RedisChannelsPubSubBackend(redis=redis, key_prefix="thebot_channels")
    )
    return ChannelsPlugin(
        backend=backend,
        arbitrary_channels_allowed=True,
        subscriber_max_backlog=1000,
        subscriber_backlog_strategy="dropleft",
    )


class ChannelsRealtimePublisher:
    """Publishes ``{type, data}`` events to users' personal channels."""

    def __init__(self, channels: ChannelsPlugin) -> None:
        self._channels = channels

    async def publish_to_users(
        self, user_ids: Iterable[UUID], event: str, data: Mapping[str, Any]
    ) -> None:
        channels = [user_channel(user_id) for user_id in user_ids]
        if not channels:
            return
        payload = msgspec.json.encode({"type": event, "data": data})
        await self._channels.wait_published(payload, channels)
