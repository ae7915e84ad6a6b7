"""Background jobs: the in-process runner, SAQ on the real Redis, and the session purge job."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from saq import Worker
from saq.job import Status
from sqlalchemy import select

from tests.conftest import TEST_REDIS_URL, needs_redis
from tests.factories import create_user
from tests.fakes.clock import FakeClock
from thebot.adapters.db.models.accounts import AuthSessionModel, RefreshTokenModel
from thebot.adapters.jobs import InProcessJobQueue, JobSpec, SaqJobQueue, create_saq_queue
from thebot.bootstrap import Container
from thebot.entrypoints.jobs import JOB_SPECS
from thebot.entrypoints.worker import GracefulWorker, create_worker

TINY = 0.01


class Calls:
    """What the test jobs below saw: one entry per attempt."""

    def __init__(self) -> None:
        self.kwargs: list[dict[str, Any]] = []
        self.times: list[float] = []
        self.finished = 0
        self.cancelled = 0
        self.release = asyncio.Event()
        self.ran = asyncio.Event()
        self.failures_left = 0

    def record(self, kwargs: dict[str, Any]) -> None:
        self.kwargs.append(kwargs)
        self.times.append(time.monotonic())
        self.ran.set()


async def record(ctx: dict[str, Any], **kwargs: Any) -> str:
    ctx["calls"].record(kwargs)
    return "recorded"


async def flaky(ctx: dict[str, Any], **kwargs: Any) -> None:
    calls: Calls = ctx["calls"]
    calls.record(kwargs)
    if calls.failures_left > 0:
        calls.failures_left -= 1
        raise RuntimeError("the partner API is down")
    calls.finished += 1


async def hang_first(ctx: dict[str, Any]) -> None:
    calls: Calls = ctx["calls"]
    calls.record({})
    try:
        if len(calls.times) == 1:
            await asyncio.sleep(60)
        calls.finished += 1
    except asyncio.CancelledError:
        calls.cancelled += 1
        raise


async def gated(ctx: dict[str, Any], **kwargs: Any) -> None:
    calls: Calls = ctx["calls"]
    calls.record(kwargs)
    await calls.release.wait()
    calls.finished += 1


async def slow(ctx: dict[str, Any]) -> None:
    await asyncio.sleep(0.2)
    ctx["calls"].finished += 1


SPECS = {
    spec.name: spec
    for spec in (
        JobSpec(record, timeout_seconds=5, max_attempts=1),
        JobSpec(flaky, timeout_seconds=5, max_attempts=5, retry_delay_seconds=TINY),
        JobSpec(hang_first, timeout_seconds=0.1, max_attempts=3, retry_delay_seconds=TINY),  # type: ignore[arg-type]
        JobSpec(gated, timeout_seconds=5, max_attempts=1),
        JobSpec(slow, timeout_seconds=5, max_attempts=1),
    )
}


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
async def queue(calls: Calls) -> AsyncIterator[InProcessJobQueue]:
    queue = InProcessJobQueue(SPECS, {"calls": calls})
    yield queue
    await queue.close(grace_seconds=0)


# ----- backoff --------------------------------------------------------------------------------


def test_the_delay_before_each_retry_doubles_up_to_the_cap() -> None:
    spec = JobSpec(record, retry_delay_seconds=1.0, max_retry_delay_seconds=300.0)
    small = JobSpec(record, retry_delay_seconds=0.5, max_retry_delay_seconds=3)

    assert [spec.delay_before(attempt) for attempt in range(2, 13)] == [
        1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 300.0, 300.0,
    ]  # fmt: skip
    assert spec.delay_before(1000) == 300.0
    assert [small.delay_before(attempt) for attempt in (2, 3, 4, 5, 6)] == [0.5, 1, 2, 3, 3]
    assert spec.name == "record", "a job is named after its function"


# ----- the in-process runner ------------------------------------------------------------------


async def test_an_enqueued_job_runs_with_json_shaped_kwargs(
    queue: InProcessJobQueue, calls: Calls
) -> None:
    user_id = uuid4()
    at = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)

    await queue.enqueue("record", user_id=user_id, at=at, count=3, tags=("a", "b"))
    await queue.drain(5)

    assert calls.kwargs == [
        {"user_id": str(user_id), "at": "2026-11-25T09:30:00Z", "count": 3, "tags": ["a", "b"]}
    ]


async def test_a_job_that_fails_twice_then_succeeds_runs_three_times_with_growing_delays(
    queue: InProcessJobQueue, calls: Calls
) -> None:
    calls.failures_left = 2

    await queue.enqueue("flaky", invoice="inv-1")
    await queue.drain(5)

    assert calls.kwargs == [{"invoice": "inv-1"}] * 3
    assert calls.finished == 1
    first_gap, second_gap = (b - a for a, b in zip(calls.times, calls.times[1:], strict=False))
    assert first_gap >= TINY
    assert second_gap >= 2 * TINY


async def test_a_job_that_always_fails_stops_after_its_attempts(
    queue: InProcessJobQueue, calls: Calls
) -> None:
    calls.failures_left = 1000

    await queue.enqueue("flaky")
    await queue.drain(5)
    await asyncio.sleep(0.1)

    assert len(calls.kwargs) == SPECS["flaky"].max_attempts == 5
    assert calls.finished == 0


async def test_a_job_over_its_time_limit_is_cut_off_and_retried(
    queue: InProcessJobQueue, calls: Calls
) -> None:
    started = time.monotonic()

    await queue.enqueue("hang_first")
    await queue.drain(5)

    assert len(calls.times) == 2
    assert calls.cancelled == 1
    assert calls.finished == 1
    assert time.monotonic() - started < 2


async def test_a_job_already_queued_under_a_key_is_not_added_again(
    queue: InProcessJobQueue, calls: Calls
) -> None:
    await queue.enqueue("gated", key="notify:lesson-1", n=1)
    await asyncio.sleep(TINY)
    await queue.enqueue("gated", key="notify:lesson-1", n=2)
    await queue.enqueue("gated", key="notify:lesson-2", n=3)
    calls.release.set()
    await queue.drain(5)

    assert sorted(kwargs["n"] for kwargs in calls.kwargs) == [1, 3]

    # Once it has finished, the key is free again; jobs without a key are never merged.
    await queue.enqueue("gated", key="notify:lesson-1", n=4)
    await queue.enqueue("gated", n=5)
    await queue.enqueue("gated", n=5)
    await queue.drain(5)
    assert sorted(kwargs["n"] for kwargs in calls.kwargs) == [1, 3, 4, 5, 5]


async def test_drain_waits_for_running_jobs_within_its_time_limit(
    queue: InProcessJobQueue, calls: Calls
) -> None:
    await queue.enqueue("slow")
    assert calls.finished == 0
    await queue.drain(5)
    assert calls.finished == 1

    await queue.enqueue("gated")
    with pytest.raises(TimeoutError):
        await queue.drain(0.1)
    assert calls.finished == 1


async def test_a_delayed_job_waits_its_delay(queue: InProcessJobQueue, calls: Calls) -> None:
    await queue.enqueue("record", delay_seconds=0.2, n=1)
    await asyncio.sleep(0.05)
    assert calls.kwargs == []

    await queue.drain(5)

    assert calls.kwargs == [{"n": 1}]


async def test_an_unknown_job_is_refused_at_once(queue: InProcessJobQueue) -> None:
    with pytest.raises(KeyError):
        await queue.enqueue("no_such_job")


async def test_close_lets_jobs_finish_within_the_grace_period_and_cancels_the_rest(
    calls: Calls,
) -> None:
    queue = InProcessJobQueue(SPECS, {"calls": calls})
    await queue.enqueue("slow")
    await queue.enqueue("gated")

    async with asyncio.timeout(2):
        await queue.close(grace_seconds=0.5)

    assert calls.finished == 1, "slow finished, gated was cancelled"
    await queue.drain(0.1)


async def test_cron_jobs_run_on_schedule_until_close_cancels_their_loops(calls: Calls) -> None:
    every_second = JobSpec(record, timeout_seconds=5, max_attempts=1, cron="* * * * * *")
    queue = InProcessJobQueue({"record": every_second}, {"calls": calls})
    queue.start()

    await asyncio.wait_for(calls.ran.wait(), 3)
    await queue.close(grace_seconds=1)
    runs = len(calls.kwargs)
    await asyncio.sleep(1.2)

    assert runs >= 1
    assert len(calls.kwargs) == runs


# ----- the real job: purging dead sign-in sessions --------------------------------------------


async def add_sessions(container: Container) -> dict[str, UUID]:
    """An expired, a revoked and a live session of one user (token hashes ``hash-<name>``)."""
    account = await create_user(container)
    now = container.clock.now()
    ids: dict[str, UUID] = {}
    async with container.unit_of_work() as uow:
        for name, started, expires in (
            ("expired", now - timedelta(days=40), now - timedelta(days=10)),
            ("revoked", now - timedelta(hours=1), now + timedelta(days=29)),
            ("live", now - timedelta(hours=1), now + timedelta(days=29)),
        ):
            session = await uow.sessions.start(account.user.id, started, "Firefox", "10.0.0.1")
            await uow.sessions.add_refresh_token(session.id, f"hash-{name}", started, expires)
            ids[name] = session.id
        await uow.sessions.revoke(ids["revoked"], now, "signed out")
        await uow.commit()
    return ids


async def remaining_sessions(container: Container) -> tuple[set[UUID], set[str]]:
    async with container.unit_of_work() as uow:
        sessions = set(await uow.session.scalars(select(AuthSessionModel.id)))
        tokens = set(await uow.session.scalars(select(RefreshTokenModel.token_hash)))
    return sessions, tokens


async def purge_in_process(container: Container) -> None:
    queue = InProcessJobQueue({spec.name: spec for spec in JOB_SPECS}, {"container": container})
    try:
        await queue.enqueue("purge_expired_sessions", key="purge")
        await queue.drain(10)
    finally:
        await queue.close(grace_seconds=0)


async def test_the_in_process_runner_purges_dead_sessions_with_the_container_in_ctx(
    container: Container,
) -> None:
    ids = await add_sessions(container)

    await purge_in_process(container)

    assert await remaining_sessions(container) == ({ids["live"]}, {"hash-live"})
    # Expiry follows the platform's clock: a month later the live session has died too.
    assert isinstance(container.clock, FakeClock)
    container.clock.advance(days=30)
    await purge_in_process(container)
    assert await remaining_sessions(container) == (set(), set())


# ----- SAQ on the real Redis ------------------------------------------------------------------


async def wait_for_status(queue: SaqJobQueue, key: str, *statuses: Status) -> Any:
    async with asyncio.timeout(10):
        while True:
            job = await queue.queue.job(key)
            if job is not None and job.status in statuses:
                return job
            await asyncio.sleep(0.05)


async def stop_worker(worker: Worker, running: asyncio.Task[None]) -> None:
    async with asyncio.timeout(5):
        await worker.stop()
        await running


@needs_redis
async def test_a_saq_worker_purges_dead_sessions_and_stops_promptly_when_idle(
    container: Container,
) -> None:
    assert isinstance(container.jobs, SaqJobQueue), "with Redis the platform queues on SAQ"
    ids = await add_sessions(container)
    await container.jobs.enqueue("purge_expired_sessions", key="purge-now")
    worker = create_worker(container, concurrency=2)
    assert set(worker.functions) == {spec.name for spec in JOB_SPECS}
    assert [cron.cron for cron in worker.cron_jobs] == [spec.cron for spec in JOB_SPECS]
    running = asyncio.create_task(worker.start())
    try:
        job = await wait_for_status(container.jobs, "purge-now", Status.COMPLETE, Status.FAILED)
    finally:
        stopping = time.monotonic()
        await stop_worker(worker, running)

    assert time.monotonic() - stopping < 3, "an idle worker does not sit out the grace period"
    assert (job.status, job.result, job.attempts) == (Status.COMPLETE, 2, 1)
    assert (job.timeout, job.retries) == (300, 3)
    assert await remaining_sessions(container) == ({ids["live"]}, {"hash-live"})


@pytest.fixture
async def saq_queue(redis: object) -> AsyncIterator[SaqJobQueue]:
    assert TEST_REDIS_URL is not None
    queue = SaqJobQueue(create_saq_queue(TEST_REDIS_URL, name=f"test-{uuid4().hex[:8]}"), SPECS)
    yield queue
    await queue.close()


def graceful_worker(queue: SaqJobQueue, calls: Calls, grace: float) -> GracefulWorker:
    functions = [spec.fn for spec in SPECS.values()]
    worker = GracefulWorker(queue.queue, functions, concurrency=2, job_grace_seconds=grace)
    worker.context["calls"] = calls
    return worker


async def run_saq_worker_until(
    queue: SaqJobQueue, calls: Calls, key: str, *statuses: Status
) -> Any:
    worker = graceful_worker(queue, calls, grace=5)
    running = asyncio.create_task(worker.start())
    try:
        return await wait_for_status(queue, key, *statuses)
    finally:
        await stop_worker(worker, running)


@needs_redis
async def test_saq_keeps_one_job_per_key_delays_on_request_and_passes_json_kwargs(
    saq_queue: SaqJobQueue, calls: Calls
) -> None:
    user_id = uuid4()

    await saq_queue.enqueue("record", key="welcome:1", user_id=user_id, n=1)
    await saq_queue.enqueue("record", key="welcome:1", user_id=user_id, n=2)

    await saq_queue.enqueue("record", key="later", delay_seconds=3600)

    assert await saq_queue.queue.count("queued") == 1, "one welcome; the later job waits"
    later = await saq_queue.queue.job("later")
    assert later is not None
    assert abs(later.scheduled - (time.time() + 3600)) < 5
    job = await run_saq_worker_until(saq_queue, calls, "welcome:1", Status.COMPLETE)
    assert job.result == "recorded"
    assert calls.kwargs == [{"user_id": str(user_id), "n": 1}]


@needs_redis
async def test_saq_passes_arguments_named_like_job_fields_to_the_job(
    saq_queue: SaqJobQueue, calls: Calls
) -> None:
    await saq_queue.enqueue("record", key="k", status="paid", meta="m", priority=1, result="r")
    await run_saq_worker_until(saq_queue, calls, "k", Status.COMPLETE, Status.FAILED)
    assert calls.kwargs == [{"status": "paid", "meta": "m", "priority": 1, "result": "r"}]


@needs_redis
async def test_saq_retries_a_failing_job_up_to_its_attempts(
    saq_queue: SaqJobQueue, calls: Calls
) -> None:
    calls.failures_left = 2

    await saq_queue.enqueue("flaky", key="flaky-1", invoice="inv-1")
    job = await run_saq_worker_until(saq_queue, calls, "flaky-1", Status.COMPLETE, Status.FAILED)

    assert (job.status, job.attempts, job.retries, job.timeout) == (Status.COMPLETE, 3, 5, 5)
    assert calls.kwargs == [{"invoice": "inv-1"}] * 3


@needs_redis
async def test_stopping_a_worker_lets_a_running_job_finish(
    saq_queue: SaqJobQueue, calls: Calls
) -> None:
    await saq_queue.enqueue("slow", key="slow-1")
    worker = graceful_worker(saq_queue, calls, grace=5)
    running = asyncio.create_task(worker.start())
    await wait_for_status(saq_queue, "slow-1", Status.ACTIVE)

    await stop_worker(worker, running)

    assert calls.finished == 1
    job = await saq_queue.queue.job("slow-1")
    assert job is not None
    assert job.status == Status.COMPLETE


@needs_redis
async def test_a_job_still_running_after_the_grace_period_goes_back_to_the_queue(
    saq_queue: SaqJobQueue, calls: Calls
) -> None:
    await saq_queue.enqueue("gated", key="gated-1")
    worker = graceful_worker(saq_queue, calls, grace=0.2)
    running = asyncio.create_task(worker.start())
    await wait_for_status(saq_queue, "gated-1", Status.ACTIVE)
    started = time.monotonic()

    await stop_worker(worker, running)

    assert time.monotonic() - started < 3
    assert calls.finished == 0
    job = await saq_queue.queue.job("gated-1")
    assert job is not None
    assert job.status == Status.QUEUED

    # Not lost: the next worker runs it.
    calls.release.set()
    job = await run_saq_worker_until(saq_queue, calls, "gated-1", Status.COMPLETE)
    assert calls.finished == 1
