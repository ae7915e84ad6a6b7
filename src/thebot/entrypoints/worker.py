"""The SAQ worker: runs the platform's background jobs from Redis (``thebot worker``)."""

from __future__ import annotations

from typing import Any

import structlog
from saq import CronJob, Worker

from thebot.adapters.jobs import SaqJobQueue
from thebot.bootstrap import Container, build_container
from thebot.config import Settings
from thebot.entrypoints.jobs import JOB_SPECS

log = structlog.get_logger("thebot.worker")


def create_worker(container: Container, *, concurrency: int = 10) -> Worker:
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

    return Worker(
        container.jobs.queue,
        functions=[spec.fn for spec in JOB_SPECS],
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
        shutdown_grace_period_s=20,
    )


async def run_worker(settings: Settings) -> None:
    container = build_container(settings, job_specs=JOB_SPECS)
    try:
        await create_worker(container).start()
    finally:
        await container.close()
