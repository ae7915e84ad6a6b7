"""PostgreSQL restarted under load: clean 503s while it is away, the same process serves again.

A ``thebot run`` process serves a student's reads (profile, dashboard, chats) and chat messages
from four clients while the private PostgreSQL is stopped (``pg_ctl stop -m fast``) and started
again. While it is down every request is answered, and answered with a 503 problem carrying
Retry-After (never a 500, never a hang), and /ready says 503; once it is back the same process,
not restarted, serves 200s again, and every message it acknowledged with 201 is in the chat.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tests.faults.conftest import Stack
from tests.faults.load import NO_ANSWER, Load, record, sign_in, wait_until
from tests.processes import Process

DOWN_SECONDS = 3.0
ANSWERED = {200, 201, 503}


@pytest.fixture(scope="module")
def server(stack: Stack) -> Process:
    return stack.server()


async def ready_status(http: httpx.AsyncClient) -> int:
    return (await http.get("/ready")).status_code


async def test_a_database_restart_costs_503_problems_then_the_same_process_recovers(
    stack: Stack, server: Process
) -> None:
    async with httpx.AsyncClient(base_url=server.http, timeout=20, trust_env=False) as http:
        headers = await sign_in(http, "masha.ivanova")
        chats = (await http.get("/api/v1/forum/chats", headers=headers)).json()["items"]
        room = chats[0]["id"]
        sent: list[str] = []

        async def request(client: httpx.AsyncClient, number: int) -> httpx.Response:
            if number % 4 == 3:
                content = f"restart check {number}"
                response = await client.post(
                    f"/api/v1/forum/chats/{room}/messages",
                    json={"content": content, "client_id": f"restart-{number}"},
                    headers=headers,
                )
                if response.status_code == 201:
                    sent.append(content)
                return response
            path = ("/api/v1/auth/me", "/api/v1/dashboard/student", "/api/v1/forum/chats")
            return await client.get(path[number % 3], headers=headers)

        load = Load(server.http, request)
        load.start()
        await asyncio.sleep(1.5)
        went_down = time.monotonic()
        await asyncio.to_thread(stack.postgres.stop, "fast")
        await asyncio.sleep(0.5)
        assert await ready_status(http) == 503
        await asyncio.sleep(DOWN_SECONDS)
        came_back = time.monotonic()
        await asyncio.to_thread(stack.postgres.start)
        ready_after = await wait_until(lambda: _is_ready(http), within=60)
        recovered_at = time.monotonic()
        await asyncio.sleep(2.0)
        await load.stop()

        statuses = load.statuses()
        failures = [a for a in load.answers if a.status == 503]
        after_recovery = [a for a in load.answers if a.at >= recovered_at + 0.5]
        record(
            "PostgreSQL restarted (stop -m fast, 3 s down, start)",
            {
                "requests": len(load.answers),
                "statuses": dict(sorted(statuses.items())),
                "slowest_answer_s": round(max(a.seconds for a in load.answers), 2),
                "down_s": round(came_back - went_down, 1),
                "ready_again_after_start_s": round(ready_after, 2),
                "first_2xx_after_start_s": round(load.first_success_after(came_back) or -1, 2),
            },
        )
        assert set(statuses) <= ANSWERED, statuses
        assert statuses[NO_ANSWER] == 0
        assert failures, "the outage was not seen at all"
        assert all(a.problem and a.retry_after for a in failures)
        assert after_recovery
        assert all(200 <= a.status < 300 for a in after_recovery), [
            a.status for a in after_recovery
        ]
        assert server.popen.poll() is None  # the same process, never restarted

        stored = await http.get(
            f"/api/v1/forum/chats/{room}/messages", params={"limit": 100}, headers=headers
        )
        contents = {item["content"] for item in stored.json()["items"]}
        assert sent
        assert set(sent) <= contents


async def _is_ready(http: httpx.AsyncClient) -> bool:
    try:
        return await ready_status(http) == 200
    except httpx.HTTPError:
        return False
