"""Attempt logs (memory and Redis) and the sign-in throttle built on them."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from tests.conftest import TEST_REDIS_URL, needs_redis
from thebot.adapters.throttle import MemoryAttemptLog, RedisAttemptLog
from thebot.domain.accounts.ports import AttemptLog
from thebot.domain.accounts.throttle import LoginThrottle, ThrottleRule
from thebot.domain.shared.errors import TooManyAttempts

WINDOW = 900
T0 = 1_790_000_000.0  # an arbitrary epoch second; the logs never read the machine clock


@pytest.fixture(
    params=[
        "memory",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(
                TEST_REDIS_URL is None, reason="THEBOT_TEST_REDIS_URL is not set"
            ),
        ),
    ]
)
async def attempt_log(
    request: pytest.FixtureRequest, redis: Redis | None
) -> AsyncIterator[AttemptLog]:
    if request.param == "memory":
        yield MemoryAttemptLog()
    else:
        assert redis is not None
        yield RedisAttemptLog(redis)


# ----- the log --------------------------------------------------------------------------------


async def test_recent_returns_only_attempts_inside_the_window_oldest_first(
    attempt_log: AttemptLog,
) -> None:
    for offset in (0, 100, 899, 900, 1500):
        await attempt_log.add("login:email:a", WINDOW, T0 + offset)

    assert await attempt_log.recent("login:email:a", WINDOW, T0 + 1500) == [
        T0 + 899,
        T0 + 900,
        T0 + 1500,
    ]
    # An attempt exactly one window old has left it.
    assert await attempt_log.recent("login:email:a", WINDOW, T0 + 1799) == [T0 + 900, T0 + 1500]
    assert await attempt_log.recent("login:email:a", WINDOW, T0 + 1800) == [T0 + 1500]
    assert await attempt_log.recent("login:email:a", WINDOW, T0 + 2400) == []


async def test_recent_is_oldest_first_even_when_attempts_arrive_out_of_order(
    attempt_log: AttemptLog,
) -> None:
    # Two server processes may record their attempts in the other order.
    for offset in (30, 10, 20):
        await attempt_log.add("login:email:a", WINDOW, T0 + offset)

    assert await attempt_log.recent("login:email:a", WINDOW, T0 + 60) == [
        T0 + 10,
        T0 + 20,
        T0 + 30,
    ]


async def test_attempts_at_the_same_instant_all_count(attempt_log: AttemptLog) -> None:
    for _ in range(3):
        await attempt_log.add("login:email:a", WINDOW, T0)

    assert await attempt_log.recent("login:email:a", WINDOW, T0) == [T0, T0, T0]


async def test_fractional_timestamps_survive(attempt_log: AttemptLog) -> None:
    await attempt_log.add("login:email:a", WINDOW, T0 + 0.25)

    assert await attempt_log.recent("login:email:a", WINDOW, T0 + 1) == [T0 + 0.25]


async def test_clear_empties_one_key_and_keys_are_independent(attempt_log: AttemptLog) -> None:
    await attempt_log.add("login:email:a", WINDOW, T0)
    await attempt_log.add("login:email:a", WINDOW, T0 + 1)
    await attempt_log.add("login:email:b", WINDOW, T0 + 2)

    assert await attempt_log.recent("login:email:b", WINDOW, T0 + 3) == [T0 + 2]
    assert await attempt_log.recent("login:email:c", WINDOW, T0 + 3) == []

    await attempt_log.clear("login:email:a")

    assert await attempt_log.recent("login:email:a", WINDOW, T0 + 3) == []
    assert await attempt_log.recent("login:email:b", WINDOW, T0 + 3) == [T0 + 2]
    await attempt_log.clear("login:email:never-used")


@needs_redis
async def test_the_redis_log_expires_its_keys(redis: Redis | None) -> None:
    assert redis is not None
    log = RedisAttemptLog(redis, prefix="thebot:")

    await log.add("login:email:a", WINDOW, T0)

    assert 0 < await redis.ttl("thebot:login:email:a") <= WINDOW + 60


# ----- the throttle over each log -------------------------------------------------------------


def make_throttle(log: AttemptLog) -> LoginThrottle:
    return LoginThrottle(
        log,
        by_email=ThrottleRule("email", 5, WINDOW),
        by_address=ThrottleRule("address", 20, WINDOW),
    )


async def test_five_failures_lock_the_email_until_the_oldest_leaves_the_window(
    attempt_log: AttemptLog,
) -> None:
    throttle = make_throttle(attempt_log)
    for offset in (0, 10, 20, 30):
        await throttle.failed("anna@example.org", "10.0.0.1", T0 + offset)
    await throttle.check("anna@example.org", "10.0.0.1", T0 + 40)  # four are allowed
    await throttle.failed("anna@example.org", "10.0.0.1", T0 + 40)

    with pytest.raises(TooManyAttempts) as refused:
        await throttle.check("anna@example.org", "10.0.0.1", T0 + 40)
    assert refused.value.retry_after == WINDOW - 40
    # From another address too: the lock is on the email.
    with pytest.raises(TooManyAttempts) as refused:
        await throttle.check("anna@example.org", "10.9.9.9", T0 + 100.5)
    assert refused.value.retry_after == math.ceil(WINDOW - 100.5)
    with pytest.raises(TooManyAttempts) as refused:
        await throttle.check("anna@example.org", None, T0 + WINDOW - 1)
    assert refused.value.retry_after == 1

    await throttle.check("boris@example.org", "10.0.0.1", T0 + 40)

    # The oldest failure leaves the window: four remain, so one more try is allowed.
    await throttle.check("anna@example.org", "10.0.0.1", T0 + WINDOW)
    await throttle.failed("anna@example.org", "10.0.0.1", T0 + WINDOW)
    with pytest.raises(TooManyAttempts) as refused:
        await throttle.check("anna@example.org", "10.0.0.1", T0 + WINDOW)
    assert refused.value.retry_after == 10


async def test_twenty_failures_from_one_address_lock_every_email_from_it(
    attempt_log: AttemptLog,
) -> None:
    throttle = make_throttle(attempt_log)
    for n in range(20):
        await throttle.failed(f"user{n % 10}@example.org", "10.0.0.66", T0 + n)

    for email in ("user0@example.org", "newcomer@example.org"):
        with pytest.raises(TooManyAttempts) as refused:
            await throttle.check(email, "10.0.0.66", T0 + 20)
        assert refused.value.retry_after == WINDOW - 20
    # The same emails from another address are not locked (two failures each).
    await throttle.check("user0@example.org", "10.0.0.67", T0 + 20)
    await throttle.check("newcomer@example.org", None, T0 + 20)
    # And the address unlocks as its oldest failure leaves the window.
    await throttle.check("newcomer@example.org", "10.0.0.66", T0 + WINDOW)


async def test_a_success_clears_the_failures_of_that_email_only(attempt_log: AttemptLog) -> None:
    throttle = make_throttle(attempt_log)
    for offset in range(5):
        await throttle.failed("anna@example.org", "10.0.0.1", T0 + offset)
        await throttle.failed("boris@example.org", "10.0.0.2", T0 + offset)

    await throttle.succeeded("anna@example.org")

    await throttle.check("anna@example.org", "10.0.0.1", T0 + 10)
    with pytest.raises(TooManyAttempts):
        await throttle.check("boris@example.org", "10.0.0.2", T0 + 10)
    for offset in range(4):
        await throttle.failed("anna@example.org", "10.0.0.1", T0 + 10 + offset)
    await throttle.check("anna@example.org", "10.0.0.1", T0 + 20)


async def test_the_memory_log_forgets_keys_nobody_reads_once_their_window_passed() -> None:
    log = MemoryAttemptLog()
    for n in range(1000):
        await log.add(f"login:email:sprayed-{n}", WINDOW, T0 + n / 100)

    await log.add("login:email:late", WINDOW, T0 + WINDOW + 61)

    assert set(log._attempts) == {"login:email:late"}
    assert await log.recent("login:email:sprayed-1", WINDOW, T0 + 1) == []
