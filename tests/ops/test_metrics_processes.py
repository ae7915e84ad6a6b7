"""Metrics across processes: ``thebot run --workers 2`` answers ``/metrics`` for all its
processes (prometheus_client's multi-process mode), and ``thebot worker`` serves its job
outcomes on ``THEBOT_METRICS_PORT``."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from tests.conftest import needs_redis
from tests.ops.metrics_helpers import value
from tests.ops.server_helpers import exit_status, serve
from tests.processes import free_port, start, stop
from thebot.bootstrap import Container

pytestmark = needs_redis

CONFIG = "/api/v1/config"
REQUESTS = 20


async def test_every_server_process_answers_for_the_requests_of_all(
    database_url: str, tmp_path: Path, container: Container
) -> None:
    server = serve(database_url, tmp_path, workers=2)
    try:
        for _ in range(REQUESTS):
            # A new connection each time, so that the kernel spreads them over both processes.
            async with httpx.AsyncClient(base_url=server.http, trust_env=False) as http:
                assert (await http.get(CONFIG)).status_code == 200
        for _ in range(4):
            async with httpx.AsyncClient(base_url=server.http, trust_env=False) as http:
                response = await http.get("/metrics")
            assert response.status_code == 200
            labels = {"method": "GET", "route": CONFIG, "status": "200"}
            assert value(response.text, "http_requests_total", **labels) == REQUESTS
            assert value(response.text, "http_requests_in_flight") == 0
        # Both server processes keep their figures in the folder the CLI made for them.
        files = (tmp_path / "var" / "metrics").glob("counter_*.db")
        assert len({path.stem.rsplit("_", 1)[-1] for path in files}) == 2
    finally:
        stop(server)


async def test_the_worker_serves_the_outcome_of_its_jobs_on_its_metrics_port(
    database_url: str, tmp_path: Path, container: Container
) -> None:
    port = free_port()
    worker = start(
        database_url,
        tmp_path,
        "worker",
        command=("worker",),
        THEBOT_ENV="test",
        THEBOT_METRICS_PORT=str(port),
    )
    try:
        await container.jobs.enqueue("purge_expired_sessions", key="purge-now")
        completed = None
        async with (
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", trust_env=False) as http,
            asyncio.timeout(60),
        ):
            while completed != 1:
                await asyncio.sleep(0.1)
                try:
                    text = (await http.get("/metrics")).text
                except httpx.TransportError:  # not listening yet
                    continue
                completed = value(text, "jobs_completed_total", job="purge_expired_sessions")
        worker.popen.terminate()
        assert await exit_status(worker) == 0
    finally:
        stop(worker)
