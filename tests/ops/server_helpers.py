"""A real ``thebot run`` for operations tests: on the database under test, and on the test Redis
when there is one (otherwise the embedded default: in-process jobs and real-time)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from tests.conftest import TEST_REDIS_URL
from tests.factories import DEFAULT_PASSWORD
from tests.processes import Process, free_port, start, wait_healthy


def serve(database_url: str, folder: Path, workers: int = 1) -> Process:
    """A healthy server process (``test`` settings: no demo school is seeded)."""
    env = {"THEBOT_ENV": "test", "THEBOT_REDIS_URL": TEST_REDIS_URL or ""}
    if workers == 1:
        process = start(database_url, folder, "server", **env)
    else:
        port = free_port()
        command = ("run", "--workers", str(workers), "--host", "127.0.0.1", "--port", str(port))
        process = start(
            database_url, folder, "server", command=(*command, "--no-migrate"), port=port, **env
        )
    wait_healthy(process)
    return process


async def bearer_of(process: Process, email: str) -> dict[str, str]:
    """Signed in through the process itself (the test's own tokens carry its fake clock)."""
    async with httpx.AsyncClient(base_url=process.http, trust_env=False, timeout=30) as http:
        response = await http.post(
            "/api/v1/auth/login", json={"email": email, "password": DEFAULT_PASSWORD}
        )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def exit_status(process: Process, within: float = 60) -> int:
    """The status the process exits with, waiting for it at most ``within`` seconds."""
    return await asyncio.to_thread(process.popen.wait, within)
