"""``GET /metrics``: the job queue's depth and outcomes, and the outbox backlog in the database."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.api.helpers import Client
from tests.conftest import needs_redis
from tests.fakes.clock import FakeClock
from tests.ops.metrics_helpers import MakeSettings, app_on, scrape, value
from thebot.adapters.db.models.forum import PachcaOutboxModel
from thebot.adapters.jobs import InProcessJobQueue, JobSpec
from thebot.bootstrap import Container


async def waits_for_release(ctx: dict[str, Any]) -> None:
    await ctx["release"].wait()


async def succeeds(ctx: dict[str, Any]) -> None:
    return None


async def always_fails(ctx: dict[str, Any]) -> None:
    raise RuntimeError("this job always fails")


SPECS = (
    JobSpec(waits_for_release),
    JobSpec(succeeds),
    JobSpec(always_fails, max_attempts=2, retry_delay_seconds=0.01),
)


async def test_the_in_process_runner_reports_its_depth_and_the_outcome_of_jobs(
    make_settings: MakeSettings, clock: FakeClock
) -> None:
    # Without Redis, jobs run in the server's own process.
    async with app_on(make_settings(redis_url=None), clock, SPECS) as (client, container):
        jobs = container.jobs
        assert isinstance(jobs, InProcessJobQueue)
        release = container.job_context["release"] = asyncio.Event()
        await jobs.enqueue("waits_for_release", key="held")
        await jobs.enqueue("succeeds", key="later", delay_seconds=3600)
        await jobs.enqueue("succeeds", key="now")
        await jobs.enqueue("always_fails", key="fails")
        text = await scrape(client)
        # Until every job has started and the failing one has used its two attempts.
        async with asyncio.timeout(30):
            while value(text, "jobs_failed_total", job="always_fails") != 1 or value(
                text, "job_queue_depth", state="queued"
            ):
                await asyncio.sleep(0.01)
                text = await scrape(client)

        assert value(text, "job_queue_depth", state="active") == 1
        assert value(text, "job_queue_depth", state="scheduled") == 1
        assert value(text, "job_queue_depth", state="queued") == 0
        assert value(text, "jobs_completed_total", job="succeeds") == 1
        assert value(text, "jobs_retried_total", job="always_fails") == 1
        assert value(text, "jobs_failed_total", job="always_fails") == 1
        assert value(text, "metrics_source_up", source="jobs") == 1
        release.set()
        await jobs.close(grace_seconds=0)


@needs_redis
async def test_the_depth_of_the_redis_queue_is_read_at_scrape_time(
    client: Client, container: Container
) -> None:
    await container.jobs.enqueue("purge_expired_sessions", key="waiting")
    await container.jobs.enqueue("prune_notifications", key="scheduled", delay_seconds=3600)

    text = await scrape(client)
    assert value(text, "job_queue_depth", state="queued") == 1
    assert value(text, "job_queue_depth", state="scheduled") == 1
    assert value(text, "job_queue_depth", state="active") == 0


async def test_the_outbox_backlog_counts_undelivered_pachca_notifications(
    client: Client, container: Container, clock: FakeClock
) -> None:
    now = clock.now()
    async with container.session_factory() as session:
        session.add_all(
            [
                PachcaOutboxModel(content="waiting", next_attempt_at=now, created_at=now),
                PachcaOutboxModel(
                    content="sent",
                    status="delivered",
                    next_attempt_at=now,
                    created_at=now,
                    delivered_at=now,
                ),
            ]
        )
        await session.commit()

    text = await scrape(client)
    assert value(text, "outbox_backlog", kind="pachca_undelivered") == 1
    assert value(text, "outbox_backlog", kind="payments_unreconciled") == 0
    assert value(text, "metrics_source_up", source="database") == 1
