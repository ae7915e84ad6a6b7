"""A worker killed (SIGKILL) in the middle of a job: the job runs again, its effect happens once.

The job is the payment reconciler: a parent's payment succeeded at YooKassa, but its
notification never came, so ``reconcile_payments`` reads it back. The fake YooKassa holds that
read; the worker is killed while waiting for it. Its job stops beating, a new worker's sweep
takes it back and retries it, and the payment is marked paid once: one ``succeeded`` event and
the enrollment paid one period further, not two.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import date
from typing import Any

import httpx
from saq.job import Status
from sqlalchemy import text

from tests.fakes.yookassa import SECRET_KEY, SHOP_ID, FakeYooKassa
from tests.faults.conftest import Stack
from tests.faults.load import record, sign_in, wait_until
from thebot.adapters.db.engine import create_engine
from thebot.adapters.jobs import SaqJobQueue, create_saq_queue
from thebot.entrypoints.jobs import JOB_SPECS

PARENT = "olga.ivanova"
JOB_KEY = "reconcile-after-a-crash"
HELD_SECONDS = 60.0


def provider_env(yookassa: FakeYooKassa) -> dict[str, str]:
    return {
        "THEBOT_YOOKASSA_SHOP_ID": SHOP_ID,
        "THEBOT_YOOKASSA_SECRET_KEY": SECRET_KEY,
        "THEBOT_YOOKASSA_API_URL": yookassa.api_url,
        # Longer than the test needs to kill the worker while YooKassa holds the read.
        "THEBOT_YOOKASSA_TIMEOUT_SECONDS": "30",
        "THEBOT_LOG_LEVEL": "INFO",
    }


async def open_payment(
    http: httpx.AsyncClient, parent: dict[str, str], yookassa: FakeYooKassa
) -> tuple[str, str, str]:
    """A new payment of the parent's: (our id, YooKassa's id, its enrollment id)."""
    dues = (await http.get("/api/v1/payments/due", headers=parent)).json()
    due = next(d for d in _items(dues) if d["state"] != "awaiting_payment")
    before = set(yookassa.payments)
    response = await http.post(
        "/api/v1/payments", json={"enrollment_id": due["enrollment_id"]}, headers=parent
    )
    assert response.status_code == 201, response.text
    (provider_id,) = set(yookassa.payments) - before
    return response.json()["payment"]["id"], provider_id, due["enrollment_id"]


def _items(body: Any) -> list[dict[str, Any]]:
    return list(body["items"] if isinstance(body, dict) else body)


async def paid_until(http: httpx.AsyncClient, parent: dict[str, str], enrollment: str) -> date:
    dues = _items((await http.get("/api/v1/payments/due", headers=parent)).json())
    found = next(d for d in dues if d["enrollment_id"] == enrollment)
    return date.fromisoformat(found["paid_until"]) if found["paid_until"] else date.min


async def make_stale(database_url: str, payment_id: str) -> None:
    """Open a year ago: the reconciler takes it first, before any payment of the demo."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "UPDATE payments SET created_at = created_at - interval '365 days' "
                    "WHERE id = :id"
                ),
                {"id": payment_id},
            )
    finally:
        await engine.dispose()


async def test_a_job_of_a_killed_worker_runs_again_and_marks_the_payment_paid_once(
    stack: Stack, yookassa: FakeYooKassa
) -> None:
    jobs = SaqJobQueue(create_saq_queue(stack.redis.url), {s.name: s for s in JOB_SPECS})
    workers_before = await _workers(jobs)
    server = stack.server(**provider_env(yookassa))
    worker = stack.worker(**provider_env(yookassa))
    async with httpx.AsyncClient(base_url=server.http, timeout=30, trust_env=False) as http:
        parent = await sign_in(http, PARENT)
        payment, provider_id, enrollment = await open_payment(http, parent, yookassa)
        first_paid_until = await paid_until(http, parent, enrollment)
        yookassa.succeed(provider_id)  # the parent paid; no notification reaches us

        # The worker is up once it has reported itself (and swept at start: a job taken while
        # that first sweep runs is one SAQ may take back for nothing).
        await wait_until(lambda: _new_worker(jobs, workers_before), within=60, every=0.2)
        await asyncio.sleep(1.0)
        # Clear of the minute, when the worker's own reconciler run starts.
        while not 5 < time.time() % 60 < 40:  # noqa: ASYNC110
            await asyncio.sleep(0.5)
        # Stale only now: the worker's own reconciler must not take it before our job.
        await make_stale(stack.postgres.url, payment)
        yookassa.hang_next(1, HELD_SECONDS)
        reads = len(_reads(yookassa, provider_id))
        await jobs.enqueue("reconcile_payments", key=JOB_KEY)
        await wait_until(lambda: _read_since(yookassa, provider_id, reads), within=60, every=0.05)
        os.killpg(worker.popen.pid, signal.SIGKILL)  # the group we started, nothing else
        worker.popen.wait(timeout=10)
        killed_at = time.monotonic()

        stack.worker(**provider_env(yookassa))
        taken_back = await wait_until(lambda: _job_done(jobs), within=120, every=0.5)
        job = await jobs.queue.job(JOB_KEY)
        assert job is not None
        shown = (await http.get(f"/api/v1/payments/{payment}", headers=parent)).json()
        record(
            "worker SIGKILLed while reconciling a payment",
            {
                "job_attempts": job.attempts,
                "job_status": str(job.status),
                "job_done_after_kill_s": round(time.monotonic() - killed_at, 1),
                "waited_s": round(taken_back, 1),
                "succeeded_events": sum(
                    1 for e in shown["history"] if e["to_status"] == "succeeded"
                ),
            },
        )
        assert job.status == Status.COMPLETE
        assert job.attempts >= 2  # the killed attempt, then the retry
        assert shown["status"] == "succeeded"
        assert [e["to_status"] for e in shown["history"]].count("succeeded") == 1
        assert await paid_until(http, parent, enrollment) > first_paid_until
        second = await paid_until(http, parent, enrollment)
        # One period more, not two: another reconciler run changes nothing.
        await jobs.enqueue("reconcile_payments", key=f"{JOB_KEY}-again")
        await wait_until(lambda: _job_done(jobs, f"{JOB_KEY}-again"), within=60, every=0.5)
        assert await paid_until(http, parent, enrollment) == second
        shown = (await http.get(f"/api/v1/payments/{payment}", headers=parent)).json()
        assert [e["to_status"] for e in shown["history"]].count("succeeded") == 1
    await jobs.close()


def _reads(yookassa: FakeYooKassa, provider_id: str) -> list[Any]:
    return [
        r for r in yookassa.requests if r.method == "GET" and r.path.endswith(f"/{provider_id}")
    ]


async def _read_since(yookassa: FakeYooKassa, provider_id: str, before: int) -> bool:
    return len(_reads(yookassa, provider_id)) > before


async def _job_done(jobs: SaqJobQueue, key: str = JOB_KEY) -> bool:
    job = await jobs.queue.job(key)
    return job is not None and job.status in (Status.COMPLETE, Status.FAILED, Status.ABORTED)


async def _workers(jobs: SaqJobQueue) -> set[str]:
    return set((await jobs.queue.info())["workers"])


async def _new_worker(jobs: SaqJobQueue, before: set[str]) -> bool:
    return bool(await _workers(jobs) - before)
