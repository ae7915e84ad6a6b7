"""The SAQ worker: runs the platform's background jobs from Redis (``thebot worker``)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog
from saq import CronJob, Worker

from thebot.adapters.jobs import SaqJobQueue
from thebot.bootstrap import Container, build_container
from thebot.config import Settings
from thebot.entrypoints.jobs import JOB_SPECS

log = structlog.get_logger("thebot.worker")


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
        structlog.contextvars.unbind_contextvars("job_id", "job")

    return GracefulWorker(
        container.jobs.queue,
        # Registered under the names the queue enqueues (SAQ would use ``__qualname__``).
        functions=[(spec.name, spec.fn) for spec in JOB_SPECS],
        cron_jobs=[
            CronJob(
                spec.fn,
                cron=spec.cron,
                unique=True,
                timeout=spec.timeout_seconds,
                retries=spec.max_attempts,
            )
            for spec in JOB_SPECS
            if spec.cron
        ],
        concurrency=concurrency,
        startup=startup,
        shutdown=shutdown,
        before_process=before_process,
        after_process=after_process,
        job_grace_seconds=job_grace_seconds,
    )


async def run_worker(settings: Settings) -> None:
    container = build_container(settings, job_specs=JOB_SPECS)
    try:
        await create_worker(container).start()
    finally:
        await container.close()
