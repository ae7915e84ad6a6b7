"""Redis stopped: HTTP keeps working, real time degrades cleanly and comes back, no job is lost.

A ``thebot run`` process and a ``thebot worker`` share a private Redis, which is stopped for a
while. Meanwhile sign-in (its throttle lives in Redis), reads and posting a chat message work;
a socket ticket may be refused, with a 503 problem, never a 500; /ready says 503. The message's
Pachca notification cannot be queued (SAQ is on Redis) but its outbox row waits. Once Redis is
back (empty, as after a crash without persistence) a new socket receives events again, and the
worker delivers every waiting notification, each once.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.pachca import CHAT_ID, TOKEN, FakePachca
from tests.faults.conftest import Stack
from tests.faults.load import record, sign_in, wait_until
from tests.faults.sockets import next_event, socket_of
from tests.processes import Process

STUDENT, TEACHER = "masha.ivanova", "anna.smirnova"


@pytest.fixture(scope="module")
def pachca() -> Iterator[FakePachca]:
    with FakePachca() as fake:
        yield fake


@pytest.fixture(scope="module")
def processes(stack: Stack, pachca: FakePachca) -> tuple[Process, Process]:
    env = {
        "THEBOT_PACHCA_TOKEN": TOKEN,
        "THEBOT_PACHCA_CHAT_ID": str(CHAT_ID),
        "THEBOT_PACHCA_API_URL": pachca.api_url,
    }
    return stack.server(**env), stack.worker(**env)


async def shared_room(http: httpx.AsyncClient, student: dict[str, str], teacher_id: str) -> str:
    chats = (await http.get("/api/v1/forum/chats", headers=student)).json()["items"]
    for chat in chats:
        if teacher_id in {str(p["id"]) for p in chat["participants"]}:
            return str(chat["id"])
    raise AssertionError("the demo student has no chat with the demo teacher")


def posted(pachca: FakePachca, text: str) -> int:
    return sum(1 for content in pachca.contents if content.endswith(f": {text}"))


async def test_without_redis_http_keeps_working_and_real_time_and_jobs_recover(
    stack: Stack, processes: tuple[Process, Process], pachca: FakePachca
) -> None:
    server, worker = processes
    tally: Counter[str] = Counter()

    def seen(what: str, response: httpx.Response, allowed: set[int]) -> httpx.Response:
        tally[f"{what} {response.status_code}"] += 1
        assert response.status_code in allowed, (what, response.status_code, response.text)
        if response.status_code >= 500 and what != "ready":
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.headers["retry-after"]
        return response

    async with httpx.AsyncClient(base_url=server.http, timeout=20, trust_env=False) as http:
        student = await sign_in(http, STUDENT)
        teacher = await sign_in(http, TEACHER)
        teacher_id = (await http.get("/api/v1/auth/me", headers=teacher)).json()["user"]["id"]
        room = await shared_room(http, student, teacher_id)
        messages = f"/api/v1/forum/chats/{room}/messages"

        went_down = time.monotonic()
        await asyncio.to_thread(stack.redis.stop)
        outage: list[str] = []
        for n in range(3):
            relogin = await http.post(
                "/api/v1/auth/login",
                json={"email": f"{STUDENT}@demo.thebot.local", "password": "demo-pass-2026"},
            )
            seen("sign-in", relogin, {200})
            wrong = await http.post(
                "/api/v1/auth/login",
                json={"email": f"{STUDENT}@demo.thebot.local", "password": "not-it-at-all"},
            )
            seen("wrong password", wrong, {401})
            seen("dashboard", await http.get("/api/v1/dashboard/student", headers=student), {200})
            text = f"sent while Redis is down {n}"
            seen(
                "message", await http.post(messages, json={"content": text}, headers=student), {201}
            )
            outage.append(text)
            ticket = await http.post("/api/v1/ws/ticket", headers=student)
            seen("ticket", ticket, {200, 503})
        seen("ready", await http.get("/ready"), {503})
        stored = (await http.get(messages, headers=teacher)).json()["items"]
        assert set(outage) <= {item["content"] for item in stored}
        await asyncio.sleep(1.0)
        assert all(posted(pachca, text) == 0 for text in outage)
        assert worker.popen.poll() is None, worker.log.read_text()[-2000:]

        came_back = time.monotonic()
        await asyncio.to_thread(stack.redis.start)

        async def live_again() -> bool:
            return await _event_reaches_a_new_socket(server, http, student, teacher, messages)

        realtime_after = await wait_until(live_again, within=60, every=0.5)
        # The message sent after the outage queues delivery: the worker sends the waiting ones.
        jobs_after = await wait_until(lambda: _all_posted(pachca, outage), within=60, every=0.5)
        record(
            "Redis stopped, then started empty",
            {
                "answers_during_outage": dict(sorted(tally.items())),
                "down_s": round(came_back - went_down, 1),
                "socket_events_after_start_s": round(realtime_after, 2),
                "waiting_pachca_posts_after_start_s": round(realtime_after + jobs_after, 2),
            },
        )
        await asyncio.sleep(1.0)
        assert [posted(pachca, text) for text in outage] == [1, 1, 1]
        assert server.popen.poll() is None
        assert worker.popen.poll() is None


async def _all_posted(pachca: FakePachca, texts: list[str]) -> bool:
    return all(posted(pachca, text) >= 1 for text in texts)


async def _event_reaches_a_new_socket(
    server: Process,
    http: httpx.AsyncClient,
    student: dict[str, str],
    teacher: dict[str, str],
    messages: str,
) -> bool:
    """A socket opened now hears a message sent now (False while Redis is not usable)."""
    try:
        async with socket_of(server, http, teacher) as socket:
            text = f"after Redis came back {time.monotonic()}"
            response = await http.post(messages, json={"content": text}, headers=student)
            assert response.status_code == 201, response.text
            event: dict[str, Any] = await next_event(socket, 5, of_type="message.created")
            return bool(event["data"]["content"] == text)
    except (AssertionError, TimeoutError, OSError, httpx.HTTPError) as exc:
        print(f"not yet: {type(exc).__name__} {exc}")
        return False
    except Exception as exc:  # the socket closed by the server, or refused
        print(f"not yet: {type(exc).__name__} {exc}")
        return False
