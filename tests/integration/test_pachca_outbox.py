"""The Pachca outbox on the real database, delivered to the fake Pachca over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import structlog
from saq.job import Status
from sqlalchemy import select

from tests.conftest import needs_redis
from tests.fakes.clock import FakeClock
from tests.fakes.pachca import CHAT_ID, TOKEN, ClockSleep, FakePachca
from thebot.adapters.db.models import EnrollmentModel, SubjectModel, UserModel
from thebot.adapters.db.models.forum import ChatMessageModel, ChatRoomModel, PachcaOutboxModel
from thebot.adapters.jobs import InProcessJobQueue, SaqJobQueue
from thebot.bootstrap import Container, build_container
from thebot.config import Settings
from thebot.domain.forum.pachca import DeliveryPolicy, PachcaDelivery
from thebot.entrypoints.jobs import JOB_SPECS, deliver_pachca
from thebot.entrypoints.worker import create_worker

TIMEOUT = 0.3


@pytest.fixture
def fake() -> Iterator[FakePachca]:
    with FakePachca() as server:
        yield server


@pytest.fixture
def settings(make_settings: Callable[..., Settings], fake: FakePachca) -> Settings:
    return make_settings(
        pachca_token=TOKEN,
        pachca_chat_id=str(CHAT_ID),
        pachca_api_url=fake.api_url,
        pachca_timeout_seconds=TIMEOUT,
    )


def delivery(container: Container, clock: FakeClock, **policy: Any) -> PachcaDelivery:
    if not policy:
        found = container.pachca_delivery(sleep=ClockSleep(clock))
        assert found is not None
        return found
    assert container.pachca_notifier is not None
    return PachcaDelivery(
        units=container.unit_of_work,
        notifier=container.pachca_notifier,
        clock=clock,
        sleep=ClockSleep(clock),
        policy=DeliveryPolicy(post_seconds=TIMEOUT + 1, **policy),
    )


async def add_notifications(container: Container, contents: list[str]) -> None:
    """Forum messages (with the room they need) and their outbox rows, in one transaction."""
    now = container.clock.now()
    async with container.unit_of_work() as uow:
        people = [
            UserModel(
                email=f"{role}-{now.timestamp()}-{len(contents)}@school.test",
                first_name=role,
                last_name="Test",
                role=role,
                password_hash="x",
            )
            for role in ("student", "teacher")
        ]
        subject = SubjectModel(name=f"Maths {now.timestamp()}-{len(contents)}")
        uow.session.add_all([*people, subject])
        await uow.session.flush()
        enrollment = EnrollmentModel(
            student_id=people[0].id,
            subject_id=subject.id,
            teacher_id=people[1].id,
            started_at=now,
        )
        uow.session.add(enrollment)
        await uow.session.flush()
        room = ChatRoomModel(
            room_key=f"subject:{enrollment.id}",
            kind="subject",
            enrollment_id=enrollment.id,
            subject_id=subject.id,
            student_id=people[0].id,
            title="Maths",
        )
        uow.session.add(room)
        await uow.session.flush()
        for content in contents:
            message = ChatMessageModel(
                room_id=room.id, sender_id=people[1].id, content=content, created_at=now
            )
            uow.session.add(message)
            await uow.session.flush()
            await uow.outbox.add(message.id, f"[Forum] Maths: {content}", now)
        await uow.commit()


async def outbox_rows(container: Container) -> list[PachcaOutboxModel]:
    async with container.unit_of_work() as uow:
        rows = await uow.session.scalars(
            select(PachcaOutboxModel).order_by(PachcaOutboxModel.created_at, PachcaOutboxModel.id)
        )
        return list(rows)


def texts(count: int) -> list[str]:
    return [f"message {n}" for n in range(count)]


def posted(count: int) -> list[str]:
    return sorted(f"[Forum] Maths: message {n}" for n in range(count))


# ----- writing --------------------------------------------------------------------------------


async def test_a_row_written_with_its_message_is_pending_and_due_at_once(
    container: Container, clock: FakeClock
) -> None:
    await add_notifications(container, ["hello"])

    [row] = await outbox_rows(container)

    assert (row.content, row.status, row.attempts, row.unknown_outcomes) == (
        "[Forum] Maths: hello",
        "pending",
        0,
        0,
    )
    assert row.message_id is not None
    assert row.next_attempt_at == row.created_at == clock.now()
    assert (row.claimed_until, row.last_error, row.delivered_at) == (None, None, None)


# ----- delivery -------------------------------------------------------------------------------


async def test_with_pachca_failing_twice_then_recovering_every_notification_arrives_once(
    container: Container, clock: FakeClock, fake: FakePachca
) -> None:
    await add_notifications(container, texts(3))
    fake.fail_next(2, status=503)

    report = await delivery(container, clock).deliver_due()

    assert sorted(fake.contents) == posted(3)
    assert fake.statuses.count(201) == 3
    rows = await outbox_rows(container)
    assert [row.status for row in rows] == ["delivered"] * 3
    assert sorted(row.attempts for row in rows) == [1, 2, 2]
    assert all(row.claimed_until is None and row.delivered_at is not None for row in rows)
    assert (report.delivered, report.retried, report.failed) == (3, 2, [])


async def test_with_pachca_down_the_whole_time_the_outbox_keeps_every_row(
    container: Container, clock: FakeClock, fake: FakePachca
) -> None:
    await add_notifications(container, texts(3))
    fake.stop()

    await delivery(container, clock).deliver_due()

    rows = await outbox_rows(container)
    assert [row.status for row in rows] == ["pending"] * 3
    assert all(row.attempts >= 1 and row.unknown_outcomes == 0 for row in rows)
    assert all(row.next_attempt_at > clock.now() for row in rows)
    assert all(row.claimed_until is None for row in rows)
    assert all("could not reach Pachca" in (row.last_error or "") for row in rows)

    fake.start()
    clock.advance(301)
    await delivery(container, clock).deliver_due()
    assert sorted(fake.contents) == posted(3)
    assert [row.status for row in await outbox_rows(container)] == ["delivered"] * 3


async def test_two_concurrent_runs_never_post_the_same_row(
    container: Container, clock: FakeClock, fake: FakePachca
) -> None:
    await add_notifications(container, texts(20))
    first = delivery(container, clock, batch_size=3)
    second = delivery(container, clock, batch_size=3)

    reports = await asyncio.gather(first.deliver_due(), second.deliver_due())

    assert sorted(fake.contents) == posted(20), "each row posted exactly once"
    assert all(report.delivered > 0 for report in reports), "both runs took part"
    assert sum(report.delivered for report in reports) == 20
    assert {row.attempts for row in await outbox_rows(container)} == {1}


async def test_posts_are_spaced_within_pachcas_rate_limit(
    container: Container, fake: FakePachca
) -> None:
    await add_notifications(container, texts(6))
    fake.rate_per_second, fake.burst = 4, 2
    real = container.pachca_delivery()  # real sleeps; the platform's clock stands still
    assert real is not None

    await real.deliver_due()

    assert fake.statuses == [201] * 6, "no 429"


async def test_a_timeout_after_sending_is_retried_and_counted_as_an_unknown_outcome(
    container: Container, clock: FakeClock, fake: FakePachca
) -> None:
    await add_notifications(container, texts(1))
    fake.hang_next(1, seconds=TIMEOUT * 3)

    await delivery(container, clock).deliver_due()

    [row] = await outbox_rows(container)
    assert (row.status, row.attempts, row.unknown_outcomes) == ("delivered", 2, 1)
    assert fake.contents == posted(1) * 2, "the one duplicate the unknown outcome allows"


async def test_after_three_unknown_outcomes_the_row_fails_with_at_most_three_copies(
    container: Container, clock: FakeClock, fake: FakePachca
) -> None:
    await add_notifications(container, texts(1))
    fake.hang_next(10, seconds=TIMEOUT * 3)

    report = await delivery(container, clock).deliver_due()

    [row] = await outbox_rows(container)
    assert (row.status, row.attempts, row.unknown_outcomes) == ("failed", 3, 3)
    assert fake.contents == posted(1) * 3
    assert "outcome Pachca left unknown" in (row.last_error or "")
    assert len(report.failed) == 1


async def test_rows_of_a_worker_killed_after_claiming_go_out_after_the_lease(
    container: Container, clock: FakeClock, fake: FakePachca
) -> None:
    await add_notifications(container, texts(2))
    async with container.unit_of_work() as uow:
        claimed = await uow.outbox.claim_due(clock.now(), clock.now() + timedelta(seconds=60), 10)
        await uow.commit()
    assert len(claimed) == 2  # ... and the worker died here

    await delivery(container, clock).deliver_due()
    assert fake.contents == [], "claimed rows wait for the claim to expire"

    clock.advance(61)
    await delivery(container, clock).deliver_due()
    assert sorted(fake.contents) == posted(2)
    rows = await outbox_rows(container)
    assert [(row.status, row.attempts, row.unknown_outcomes) for row in rows] == [
        ("delivered", 2, 1)
    ] * 2


async def test_429_holds_every_claimed_row_for_the_retry_after(
    container: Container, clock: FakeClock, fake: FakePachca
) -> None:
    await add_notifications(container, texts(3))
    fake.rate_limit_next(1, retry_after=5)
    start = clock.now()

    report = await delivery(container, clock).deliver_due()

    assert report.rate_limited
    assert fake.statuses == [429]
    rows = await outbox_rows(container)
    assert [row.next_attempt_at - start for row in rows] == [timedelta(seconds=5)] * 3
    assert sorted(row.attempts for row in rows) == [0, 0, 1]
    clock.advance(5)
    await delivery(container, clock).deliver_due()
    assert sorted(fake.contents) == posted(3)


async def test_next_due_at_accounts_for_live_claims(container: Container, clock: FakeClock) -> None:
    await add_notifications(container, texts(2))
    now = clock.now()
    async with container.unit_of_work() as uow:
        assert await uow.outbox.next_due_at() == now
        await uow.outbox.claim_due(now, now + timedelta(seconds=60), 1)
        await uow.commit()
    async with container.unit_of_work() as uow:
        assert await uow.outbox.next_due_at() == now, "the unclaimed row is still due"
        await uow.outbox.claim_due(now, now + timedelta(seconds=30), 1)
        await uow.commit()
    async with container.unit_of_work() as uow:
        due: datetime | None = await uow.outbox.next_due_at()
    assert due == now + timedelta(seconds=30)


# ----- the job --------------------------------------------------------------------------------


async def test_the_job_delivers_and_logs_a_refused_notification_as_an_error(
    container: Container, fake: FakePachca
) -> None:
    await add_notifications(container, ["hello"])
    async with container.unit_of_work() as uow:
        await uow.outbox.add(None, "   ", container.clock.now())  # type: ignore[arg-type]
        await uow.commit()

    with structlog.testing.capture_logs() as logs:
        result = await deliver_pachca({"container": container})

    assert result == {"delivered": 1, "retried": 0, "failed": 1}
    assert fake.contents == ["[Forum] Maths: hello"]
    [error] = [entry for entry in logs if entry["log_level"] == "error"]
    assert error["event"] == "pachca notification given up"
    assert "422" in error["reason"]
    assert TOKEN not in repr(logs)
    statuses = sorted(row.status for row in await outbox_rows(container))
    assert statuses == ["delivered", "failed"]


async def test_the_in_process_runner_delivers_what_is_queued_under_the_forums_key(
    container: Container, fake: FakePachca
) -> None:
    await add_notifications(container, texts(2))
    queue = InProcessJobQueue({spec.name: spec for spec in JOB_SPECS}, {"container": container})
    try:
        await queue.enqueue("deliver_pachca", key="deliver_pachca")
        await queue.enqueue("deliver_pachca", key="deliver_pachca")
        await queue.drain(10)
    finally:
        await queue.close(grace_seconds=0)

    assert sorted(fake.contents) == posted(2)


@needs_redis
async def test_a_saq_worker_delivers_what_is_queued_under_the_forums_key(
    container: Container, fake: FakePachca
) -> None:
    assert isinstance(container.jobs, SaqJobQueue)
    await add_notifications(container, texts(2))
    await container.jobs.enqueue("deliver_pachca", key="deliver_pachca")
    worker = create_worker(container, concurrency=2)
    running = asyncio.create_task(worker.start())
    try:
        async with asyncio.timeout(15):
            while True:
                job = await container.jobs.queue.job("deliver_pachca")
                if job is not None and job.status in (Status.COMPLETE, Status.FAILED):
                    break
                await asyncio.sleep(0.05)
    finally:
        async with asyncio.timeout(5):
            await worker.stop()
            await running

    assert (job.status, job.result) == (
        Status.COMPLETE,
        {"delivered": 2, "retried": 0, "failed": 0},
    )
    assert (job.timeout, job.retries) == (300, 3)
    assert sorted(fake.contents) == posted(2)


def test_the_job_runs_every_minute_with_room_for_a_whole_run() -> None:
    [spec] = [spec for spec in JOB_SPECS if spec.name == "deliver_pachca"]

    assert spec.cron == "* * * * *"
    policy = DeliveryPolicy()
    longest_run = policy.run_seconds + policy.linger_seconds + policy.lease_seconds
    assert spec.timeout_seconds > longest_run
    assert spec.max_attempts >= 1


async def test_without_pachca_settings_nothing_is_built_and_the_job_does_nothing(
    make_settings: Callable[..., Settings], clock: FakeClock
) -> None:
    container = build_container(make_settings(), job_specs=JOB_SPECS, clock=clock)
    try:
        assert container.pachca_notifier is None
        assert container.pachca_delivery() is None
        result = await deliver_pachca({"container": container})
    finally:
        await container.close()

    assert result == {"delivered": 0, "retried": 0, "failed": 0}
