"""A steady load of real HTTP requests during a fault, and what it saw.

A few clients send requests in a loop until told to stop; every answer is recorded with its
time, status and the headers a failure must carry. A request that gets no answer within the
client's bound is recorded with status 0: the platform must answer (even 503) before that.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from thebot.entrypoints.seeds.demo_school import PASSWORD, email

NO_ANSWER = 0
# Longer than any wait the platform may make (a database connect, a provider call) before
# answering; a request still unanswered by then hangs.
ANSWER_WITHIN_SECONDS = 20.0

Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Answer:
    at: float
    status: int
    seconds: float
    problem: bool
    retry_after: str | None
    path: str


@dataclass
class Load:
    """Requests made by ``clients`` concurrent loops of ``request`` until ``stop()``."""

    base_url: str
    request: Request
    clients: int = 4
    pause: float = 0.05
    answers: list[Answer] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._loop(n)) for n in range(self.clients)]

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)

    async def _loop(self, number: int) -> None:
        async with httpx.AsyncClient(
            base_url=self.base_url, timeout=ANSWER_WITHIN_SECONDS, trust_env=False
        ) as http:
            sent = 0
            while not self._stop.is_set():
                started = time.monotonic()
                path = "?"
                try:
                    response = await self.request(http, number * 1_000_000 + sent)
                except httpx.HTTPError:
                    self.answers.append(
                        Answer(started, NO_ANSWER, time.monotonic() - started, False, None, path)
                    )
                else:
                    self.answers.append(
                        Answer(
                            started,
                            response.status_code,
                            time.monotonic() - started,
                            response.headers.get("content-type", "").startswith(
                                "application/problem+json"
                            ),
                            response.headers.get("retry-after"),
                            response.request.url.path,
                        )
                    )
                sent += 1
                await asyncio.sleep(self.pause)

    def statuses(self) -> Counter[int]:
        return Counter(answer.status for answer in self.answers)

    def first_success_after(self, moment: float) -> float | None:
        """Seconds from ``moment`` to the start of the first 2xx request sent after it."""
        later = [a.at for a in self.answers if a.at >= moment and 200 <= a.status < 300]
        return min(later) - moment if later else None


async def sign_in(http: httpx.AsyncClient, key: str) -> dict[str, str]:
    """Bearer headers of the demo account ``key`` (``masha.ivanova``…)."""
    response = await http.post(
        "/api/v1/auth/login", json={"email": email(key), "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def wait_until(
    check: Callable[[], Awaitable[bool]], within: float = 60, every: float = 0.2
) -> float:
    """Poll ``check`` until it holds; the seconds it took (AssertionError after ``within``)."""
    started = time.monotonic()
    while not await check():
        if time.monotonic() - started > within:
            raise AssertionError(f"not within {within} s")
        await asyncio.sleep(every)
    return time.monotonic() - started


def record(scenario: str, figures: dict[str, Any]) -> None:
    """Print the scenario's figures (``-s`` shows them); appended as a JSON line to the file
    named by THEBOT_FAULTS_REPORT when set (``bench/faults.py`` prints them as a table)."""
    line = json.dumps({"scenario": scenario, **figures}, default=str)
    print(f"\nFAULTS {line}")
    target = os.environ.get("THEBOT_FAULTS_REPORT")
    if target:
        with Path(target).open("a", encoding="utf-8") as report:
            report.write(line + "\n")
