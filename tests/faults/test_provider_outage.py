"""YooKassa slow or down, Pachca down: users' requests are unaffected or fail fast and clearly.

A ``thebot run`` process and a ``thebot worker`` talk to the fake YooKassa and Pachca (3 s
client timeouts). With Pachca stopped, chat messages are still taken at once and dashboards
read; their notifications wait in the outbox and each reaches Pachca once after it is back.
Creating a payment, which calls YooKassa while the parent waits, is answered within the
timeout when YooKassa hangs, and at once when it is down: a 201 (the reconciler finishes the
payment later) or a 502/503 problem, never a 500 and never a hang.
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
from tests.fakes.yookassa import SECRET_KEY, SHOP_ID, FakeYooKassa
from tests.faults.conftest import Stack
from tests.faults.load import record, sign_in, wait_until
from tests.processes import Process

TIMEOUT_SECONDS = 3
# What a user may wait for an answer: the provider's timeout and a margin for a busy machine.
ANSWER_WITHIN = TIMEOUT_SECONDS + 4.0
PAYMENT_ANSWERS = {201, 502, 503}


@pytest.fixture(scope="module")
def pachca() -> Iterator[FakePachca]:
    with FakePachca() as fake:
        yield fake


@pytest.fixture(scope="module")
def server(stack: Stack, pachca: FakePachca, yookassa: FakeYooKassa) -> Process:
    env = {
        "THEBOT_PACHCA_TOKEN": TOKEN,
        "THEBOT_PACHCA_CHAT_ID": str(CHAT_ID),
        "THEBOT_PACHCA_API_URL": pachca.api_url,
        "THEBOT_PACHCA_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
        "THEBOT_YOOKASSA_SHOP_ID": SHOP_ID,
        "THEBOT_YOOKASSA_SECRET_KEY": SECRET_KEY,
        "THEBOT_YOOKASSA_API_URL": yookassa.api_url,
        "THEBOT_YOOKASSA_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
    }
    process = stack.server(**env)
    stack.worker(**env)
    return process


class Timed:
    """Requests with their statuses and how long each took."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.tally: Counter[str] = Counter()
        self.slowest: dict[str, float] = {}

    async def __call__(self, what: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        started = time.monotonic()
        response = await self.http.request(method, path, **kwargs)
        took = time.monotonic() - started
        self.tally[f"{what} {response.status_code}"] += 1
        self.slowest[what] = round(max(took, self.slowest.get(what, 0.0)), 2)
        assert took < ANSWER_WITHIN, (what, took)
        if response.status_code >= 500:
            assert response.headers["content-type"].startswith("application/problem+json")
        return response


async def payable(http: httpx.AsyncClient, parent: dict[str, str]) -> str:
    """An enrollment of the parent's children with no payment in progress."""
    body = (await http.get("/api/v1/payments/due", headers=parent)).json()
    items = body["items"] if isinstance(body, dict) else body
    return str(next(d for d in items if d["state"] != "awaiting_payment")["enrollment_id"])


def posted(pachca: FakePachca, text: str) -> int:
    return sum(1 for content in pachca.contents if content.endswith(f": {text}"))


async def test_providers_down_or_slow_cost_users_nothing_and_the_outbox_catches_up(
    server: Process, pachca: FakePachca, yookassa: FakeYooKassa
) -> None:
    async with httpx.AsyncClient(base_url=server.http, timeout=30, trust_env=False) as http:
        timed = Timed(http)
        student = await sign_in(http, "masha.ivanova")
        chats = (await http.get("/api/v1/forum/chats", headers=student)).json()["items"]
        messages = f"/api/v1/forum/chats/{chats[0]['id']}/messages"

        pachca.stop()
        waiting = [f"while Pachca is down {n}" for n in range(3)]
        for text in waiting:
            sent = await timed("message", "POST", messages, json={"content": text}, headers=student)
            assert sent.status_code == 201, sent.text
            read = await timed("dashboard", "GET", "/api/v1/dashboard/student", headers=student)
            assert read.status_code == 200

        for parent_key, fault in (("olga.ivanova", "slow"), ("sarah.taylor", "down")):
            parent = await sign_in(http, parent_key)
            enrollment = await payable(http, parent)
            if fault == "slow":
                yookassa.hang_next(1, TIMEOUT_SECONDS * 4)
            else:
                yookassa.stop()
            paying = await timed(
                f"payment, YooKassa {fault}",
                "POST",
                "/api/v1/payments",
                json={"enrollment_id": enrollment},
                headers=parent,
            )
            assert paying.status_code in PAYMENT_ANSWERS, paying.text
            read = await timed("dashboard", "GET", "/api/v1/dashboard/parent", headers=parent)
            assert read.status_code == 200
            if fault == "down":
                yookassa.start()
        assert all(posted(pachca, text) == 0 for text in waiting)

        came_back = time.monotonic()
        pachca.start()
        trigger = await http.post(messages, json={"content": "Pachca is back"}, headers=student)
        assert trigger.status_code == 201
        caught_up = await wait_until(lambda: _all_posted(pachca, waiting), within=90, every=0.5)
        record(
            "Pachca down, YooKassa slow (hang 12 s) and down",
            {
                "answers": dict(sorted(timed.tally.items())),
                "slowest_answer_s": timed.slowest,
                "outbox_caught_up_after_pachca_start_s": round(time.monotonic() - came_back, 1),
                "waited_s": round(caught_up, 1),
            },
        )
        await asyncio.sleep(1.0)
        assert [posted(pachca, text) for text in waiting] == [1, 1, 1]


async def _all_posted(pachca: FakePachca, texts: list[str]) -> bool:
    return all(posted(pachca, text) >= 1 for text in texts)
