"""Background jobs: SAQ on Redis in production, an in-process runner in the embedded default.

Both run the same plain ``async def job(ctx, **kwargs)`` functions, declared once as ``JobSpec``s
by the entrypoints, with explicit time limits, attempts and backoff (SAQ's defaults, a 10 s
timeout and a single attempt, suit none of our jobs).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec
import structlog
from croniter import croniter
from saq import Queue
from saq.queue.redis import RedisQueue

from thebot.adapters.metrics import Metrics
from thebot.adapters.redis_client import create_redis

JobFunction = Callable[..., Awaitable[Any]]
log = structlog.get_logger("thebot.jobs")


@dataclass(frozen=True, slots=True)
class JobSpec:
    fn: JobFunction
    timeout_seconds: int = 60
    max_attempts: int = 5
    retry_delay_seconds: float = 1.0
    max_retry_delay_seconds: float = 300.0
    cron: str | None = None
    # A running job beats this often over (see ``thebot.entrypoints.worker``); one that stops
    # beating, its worker killed, is taken back and retried soon, not after its whole timeout.
    heartbeat_seconds: int = 15

    @property
    def name(self) -> str:
        return self.fn.__name__

    def delay_before(self, attempt: int) -> float:
        """Exponential backoff before attempt number ``attempt`` (2, 3, …), capped."""
        return float(
            min(self.retry_delay_seconds * 2 ** (attempt - 2), self.max_retry_delay_seconds)
        )


def dump_job(obj: Any) -> str:
    return msgspec.json.encode(obj).decode()


def load_job(raw: str | bytes) -> Any:
    return msgspec.json.decode(raw)


def create_saq_queue(redis_url: str, name: str = "thebot") -> Queue:
    return RedisQueue(create_redis(redis_url), name=name, dump=dump_job, load=load_job)


class SaqJobQueue:
    """Enqueues onto SAQ; ``thebot worker`` processes run the jobs."""

    def __init__(self, queue: Queue, specs: Mapping[str, JobSpec]) -> None:
        self.queue = queue
        self._specs = specs

    async def enqueue(
        self, job: str, *, key: str | None = None, delay_seconds: float = 0, **kwargs: Any
    ) -> None:
        spec = self._specs[job]
        fields: dict[str, Any] = {
            "timeout": spec.timeout_seconds,
            "retries": spec.max_attempts,
            "retry_delay": spec.retry_delay_seconds,
            "retry_backoff": spec.max_retry_delay_seconds,
            "heartbeat": spec.heartbeat_seconds,
        }
        if key is not None:
            fields["key"] = key
        if delay_seconds > 0:
            fields["scheduled"] = int(time.time() + delay_seconds)
        # The job's own arguments go in whole: spread into ``enqueue`` they would be taken for
        # SAQ job fields whenever one is named like one (``status``, ``meta``, ``priority``…).
        await self.queue.enqueue(job, kwargs=msgspec.to_builtins(kwargs), **fields)

    async def depth(self) -> dict[str, int]:
        """Jobs on the queue in Redis now, for every worker: waiting, running, scheduled."""
        queued = await self.queue.count("queued")
        active = await self.queue.count("active")
        # SAQ's "incomplete" set holds all three; scheduled ones are the rest.
        incomplete = await self.queue.count("incomplete")
        return {
            "queued": queued,
            "active": active,
            "scheduled": max(0, incomplete - queued - active),
        }

    async def close(self) -> None:
        await self.queue.disconnect()


class InProcessJobQueue:
    """Runs jobs as tasks of this process, with the same limits, retries and cron as SAQ."""

    def __init__(
        self,
        specs: Mapping[str, JobSpec],
        context: dict[str, Any],
        metrics: Metrics | None = None,
    ) -> None:
        self._specs = specs
        self._context = context
        self._metrics = metrics or Metrics()
        self._running: dict[str, asyncio.Task[None]] = {}
        # What each task is doing: not started yet (``queued``), waiting for its time or its
        # next attempt (``scheduled``), or running (``active``).
        self._states: dict[str, str] = {}
        self._cron_tasks: list[asyncio.Task[None]] = []

    async def enqueue(
        self, job: str, *, key: str | None = None, delay_seconds: float = 0, **kwargs: Any
    ) -> None:
        spec = self._specs[job]
        task_key = key or f"{job}:{id(kwargs)}:{time.monotonic_ns()}"
        if task_key in self._running:
            return
        # Jobs receive what SAQ would give them: JSON-shaped arguments.
        arguments = load_job(dump_job(kwargs))
        task = asyncio.create_task(
            self._run(spec, arguments, delay_seconds, task_key), name=task_key
        )
        self._running[task_key] = task
        self._states[task_key] = "queued"
        task.add_done_callback(lambda _t: self._forget(task_key))

    def _forget(self, task_key: str) -> None:
        self._running.pop(task_key, None)
        self._states.pop(task_key, None)

    async def _run(self, spec: JobSpec, kwargs: dict[str, Any], delay: float, key: str) -> None:
        if delay > 0:
            self._states[key] = "scheduled"
            await asyncio.sleep(delay)
        for attempt in range(1, spec.max_attempts + 1):
            if attempt > 1:
                self._states[key] = "scheduled"
                await asyncio.sleep(spec.delay_before(attempt))
            self._states[key] = "active"
            try:
                async with asyncio.timeout(spec.timeout_seconds):
                    await spec.fn(self._context, **kwargs)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("job failed", job=spec.name, attempt=attempt)
                if attempt < spec.max_attempts:
                    self._metrics.job_finished(spec.name, "retried")
            else:
                self._metrics.job_finished(spec.name, "completed")
                return
        self._metrics.job_finished(spec.name, "failed")
        log.error("job gave up", job=spec.name, attempts=spec.max_attempts)

    async def depth(self) -> dict[str, int]:
        """Jobs of this process now, by what they are doing."""
        states = list(self._states.values())
        return {
            "queued": states.count("queued"),
            "active": states.count("active"),
            "scheduled": states.count("scheduled"),
        }

    def start(self) -> None:
        for spec in self._specs.values():
            if spec.cron:
                self._cron_tasks.append(asyncio.create_task(self._cron(spec)))

    async def _cron(self, spec: JobSpec) -> None:
        assert spec.cron is not None
        schedule = croniter(spec.cron, datetime.now(UTC))
        while True:
            next_run = schedule.get_next(datetime)
            await asyncio.sleep(max(0.0, (next_run - datetime.now(UTC)).total_seconds()))
            await self.enqueue(spec.name, key=f"cron:{spec.name}")

    async def drain(self, seconds: float = 30) -> None:
        """Wait until every queued job has finished (tests and shutdown)."""
        async with asyncio.timeout(seconds):
            while self._running:
                await asyncio.gather(*list(self._running.values()), return_exceptions=True)

    async def close(self, grace_seconds: float = 10) -> None:
        for task in self._cron_tasks:
            task.cancel()
        with contextlib.suppress(TimeoutError):
            await self.drain(grace_seconds)
        for task in list(self._running.values()):
            task.cancel()
        await asyncio.gather(*self._cron_tasks, *self._running.values(), return_exceptions=True)
        self._cron_tasks.clear()
