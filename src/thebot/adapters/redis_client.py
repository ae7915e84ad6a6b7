"""The Redis client every Redis-backed adapter shares, tuned for the request path.

redis-py's default retry waits up to 1, 2 and then 4 seconds (with jitter) before giving up on a
command, so with Redis away each throttle check, presence look-up or enqueue held its request for
about seven seconds before the adapter could fall back. Here a command is retried twice within a
fraction of a second, and a connection attempt gives up after two seconds: a blip is still
absorbed, an outage is noticed at once (the adapters then degrade, see their docstrings).
"""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff

CONNECT_TIMEOUT_SECONDS = 2.0


def create_redis(url: str) -> Redis:
    return Redis.from_url(
        url,
        retry=Retry(ExponentialWithJitterBackoff(base=0.05, cap=0.25), retries=2),
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
    )
