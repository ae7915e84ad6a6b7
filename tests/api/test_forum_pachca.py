"""Forum messages reach the school's Pachca chat through the outbox, whatever Pachca does."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from tests.api.forum_helpers import chat_titled, chats_of, sent
from tests.api.helpers import Client
from tests.api.learning_helpers import School, build_school
from tests.fakes.clock import FakeClock
from tests.fakes.pachca import CHAT_ID, TOKEN, ClockSleep, FakePachca
from thebot.adapters.db.models import PachcaOutboxModel
from thebot.adapters.jobs import InProcessJobQueue
from thebot.bootstrap import Container
from thebot.config import Settings

ROOM = "Mathematics — Ann Test ↔ Teo Test"


@pytest.fixture
def pachca() -> Iterator[FakePachca]:
    with FakePachca() as fake:
        yield fake


@pytest.fixture
def settings(make_settings: Callable[..., Settings], pachca: FakePachca) -> Settings:
    return make_settings(
        pachca_token=TOKEN,
        pachca_chat_id=str(CHAT_ID),
        pachca_api_url=pachca.api_url,
        pachca_timeout_seconds=1,
    )


@pytest.fixture
async def school(client: Client, container: Container, clock: FakeClock) -> School:
    # Delivery runs wait by moving the test clock, as the real clock would move.
    container.sleep = ClockSleep(clock)
    return await build_school(client, container)


async def deliver(container: Container) -> None:
    """Let the queued delivery run (in-process runner), then sweep as the cron job would."""
    if isinstance(container.jobs, InProcessJobQueue):
        await container.jobs.drain()
    delivery = container.pachca_delivery()
    assert delivery is not None
    await delivery.deliver_due()


async def outbox(container: Container) -> list[Any]:
    async with container.unit_of_work() as uow:
        rows = await uow.session.scalars(
            select(PachcaOutboxModel).order_by(PachcaOutboxModel.created_at)
        )
        return list(rows)


async def test_each_message_is_announced_once_with_subject_sender_and_recipient(
    school: School, container: Container, pachca: FakePachca
) -> None:
    room = chat_titled(await chats_of(school, "ann"), ROOM)["id"]
    await sent(school, "ann", room, "Can we go over fractions?")
    await sent(school, "teo", room, "Of course. " + "x" * 300)
    await deliver(container)
    assert pachca.contents == [
        "[Forum] Mathematics: Ann Test → Teo Test: Can we go over fractions?",
        "[Forum] Mathematics: Teo Test → Ann Test: Of course. " + "x" * 189 + "…",
    ]
    assert [row.status for row in await outbox(container)] == ["delivered", "delivered"]


async def test_pachca_failing_then_recovering_loses_and_repeats_nothing(
    school: School, container: Container, pachca: FakePachca, clock: FakeClock
) -> None:
    room = chat_titled(await chats_of(school, "ann"), ROOM)["id"]
    pachca.fail_next(2, status=503)
    texts = [f"question {n}" for n in range(4)]
    for text in texts:
        await sent(school, "ann", room, text)
    await deliver(container)
    clock.advance(minutes=10)
    await deliver(container)
    clock.advance(minutes=10)
    await deliver(container)
    assert sorted(pachca.contents) == sorted(
        f"[Forum] Mathematics: Ann Test → Teo Test: {text}" for text in texts
    )
    rows = await outbox(container)
    assert [row.status for row in rows] == ["delivered"] * 4
    assert sum(row.attempts for row in rows) >= 4 + 1


async def test_pachca_down_never_slows_or_fails_sending(
    school: School, container: Container, pachca: FakePachca
) -> None:
    room = chat_titled(await chats_of(school, "ann"), ROOM)["id"]
    pachca.stop()
    started = time.monotonic()
    for n in range(5):
        await sent(school, "ann", room, f"while Pachca is down {n}")
    elapsed = time.monotonic() - started
    assert elapsed < 2.5, elapsed
    await deliver(container)
    rows = await outbox(container)
    assert len(rows) == 5
    assert {row.status for row in rows} == {"pending"}
    assert all(row.attempts >= 1 and row.next_attempt_at > container.clock.now() for row in rows)
    assert pachca.contents == []
