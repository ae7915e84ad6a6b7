"""The SAQ worker: runs the platform's background jobs from Redis (``thebot worker``)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from typing import Any

import structlog
from prometheus_client import start_http_server
from saq import CronJob, Worker
from saq.job import Status

from thebot.adapters.jobs import JobFunction, JobSpec, SaqJobQueue
from thebot.bootstrap import Container, build_container
from thebot.config import Settings
from thebot.entrypoints.jobs import JOB_SPECS

log = structlog.get_logger("thebot.worker")
# How often a worker looks for jobs left running by a dead worker (SAQ's default: a minute).
SWEEP_SECONDS = 5
# What a job's status is after SAQ has processed it once: its outcome, for the metrics.
OUTCOMES = {Status.COMPLETE: "completed", Status.QUEUED: "retried", Status.FAILED: "failed"}


class GracefulWorker(Worker):  # type: ignore[type-arg]
    """A SAQ worker whose shutdown grace period is for running jobs only.

    SAQ's own ``shutdown_grace_period_s`` also waits for the idle slots blocked on Redis and for
    the upkeep loops' sleeps, none of which ever end by themselves: every stop took the whole
    grace period, and idle slots kept taking new jobs meanwhile. Here jobs already running get
    ``job_grace_seconds`` to finish; then everything else is cancelled at once (an interrupted
    job goes back to the queue, as SAQ does).
    """

    def __init__(self, *args: Any, job_grace_seconds: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.job_grace_seconds = job_grace_seconds

    async def stop(self) -> None:
        self.event.set()
        if not self._stopped:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.job_grace_seconds):
                    # Polled: SAQ signals no event when a job's slot is released.
                    while self.job_task_contexts:  # noqa: ASYNC110
                        await asyncio.sleep(0.05)
        await super().stop()


def with_heartbeat(spec: JobSpec) -> JobFunction:
    """``spec.fn`` touching its SAQ job while it runs, so that a sweep (of any worker) tells a
    job whose worker died (no beat for ``heartbeat_seconds``) from one still running."""
    every = spec.heartbeat_seconds / 3

    async def beat(job: Any) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await job.update()
            except Exception:  # Redis away for a moment: the next beat tries again
                log.warning("could not touch the running job", exc_info=True)

    @functools.wraps(spec.fn)
    async def run(ctx: dict[str, Any], **kwargs: Any) -> Any:
        job = ctx.get("job")
        beating = asyncio.create_task(beat(job)) if job is not None else None
        try:
            return await spec.fn(ctx, **kwargs)
        finally:
            if beating is not None:
                beating.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await beating

    return run


def create_worker(
    container: Container, *, concurrency: int = 10, job_grace_seconds: float = 20
) -> Worker:
    """A SAQ worker over the container's queue, running every job of ``JOB_SPECS``."""
    assert isinstance(container.jobs, SaqJobQueue), "the worker needs THEBOT_REDIS_URL"

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["container"] = container
        await container.channels.__aenter__()

    async def shutdown(ctx: dict[str, Any]) -> None:
        await container.channels.__aexit__(None, None, None)

    async def before_process(ctx: dict[str, Any]) -> None:
        job = ctx.get("job")
        if job is not None:
            structlog.contextvars.bind_contextvars(job_id=job.id, job=job.function)

    async def after_process(ctx: dict[str, Any]) -> None:
        job = ctx.get("job")
        if job is not None:
            log.info("job finished", status=str(job.status), attempts=job.attempts)
            outcome = OUTCOMES.get(job.status)
            if outcome is not None:
                container.metrics.job_finished(job.function, outcome)
        structlog.contextvars.unbind_contextvars("job_id", "job")

    beating = {spec.name: with_heartbeat(spec) for spec in JOB_SPECS}
    return GracefulWorker(
        container.jobs.queue,
        # Registered under the names the queue enqueues (SAQ would use ``__qualname__``).
        functions=list(beating.items()),
        cron_jobs=[
            CronJob(
                beating[spec.name],
                cron=spec.cron,
                unique=True,
                timeout=spec.timeout_seconds,
                heartbeat=spec.heartbeat_seconds,
                retries=spec.max_attempts,
            )
            for spec in JOB_SPECS
            if spec.cron
        ],
        # Jobs of a killed worker are found by this sweep once their heartbeat stops.
        timers={"sweep": SWEEP_SECONDS},
        concurrency=concurrency,
        startup=startup,
        shutdown=shutdown,
        before_process=before_process,
        after_process=after_process,
        job_grace_seconds=job_grace_seconds,
    )


async def run_worker(settings: Settings) -> None:
    container = build_container(settings, job_specs=JOB_SPECS)
    if settings.metrics_port is not None:
        # Job outcomes are counted here; the queue's depth is read by the server's /metrics.
        start_http_server(
            settings.metrics_port, addr="127.0.0.1", registry=container.metrics.registry
        )
    try:
        await create_worker(container).start()
    finally:
        await container.close()
