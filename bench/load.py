"""A small closed-loop load client on httpx: scenarios, virtual users, latency statistics.

Each scenario signs in its virtual users first (virtual user k is ``<role>{k+1:03d}``, so 16
students are student001...student016, and the 10 tutors are reused round-robin), then every
virtual user holds one keep-alive connection and sends the scenario's request again as soon as
the previous answer arrived: a short warm-up whose results are dropped, then the measured
window. Only loopback targets are accepted.
"""

from __future__ import annotations

import asyncio
import ipaddress
import math
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
from bench.seed_compare import EMAIL_DOMAIN, PARENTS, PASSWORD, STUDENTS, TEACHERS, TUTORS

ACCOUNTS_PER_ROLE = {"student": STUDENTS, "teacher": TEACHERS, "tutor": TUTORS, "parent": PARENTS}
LOGIN_PATH = "/api/v1/auth/login"
CHATS = "/api/v1/forum/chats"


@dataclass(frozen=True, slots=True)
class Scenario:
    """One request, sent over and over by virtual users of one role."""

    name: str
    role: str
    path: str
    method: str = "GET"
    params: Mapping[str, str] = field(default_factory=dict)
    # The request is the sign-in itself: no token, the virtual user's credentials as the body.
    is_sign_in: bool = False
    # A 404 means the endpoint is not there yet: reported "not available", not a failure.
    optional: bool = False
    # ``{chat_id}`` in the path: each virtual user's first chat (read once after sign-in).
    per_chat: bool = False
    # A JSON body made anew for each request (``n`` counts the user's requests).
    body: Callable[[int], dict[str, Any]] | None = None


def message(n: int) -> dict[str, Any]:
    """A new chat message: its own ``client_id`` each time, so none is taken for a retry."""
    return {"content": f"Bench message {n}", "client_id": str(uuid.uuid4())}


# Add a line to measure another endpoint; ``--scenarios`` picks some by name.
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("sign-in", "student", LOGIN_PATH, method="POST", is_sign_in=True),
    Scenario("auth/me (student)", "student", "/api/v1/auth/me"),
    Scenario("materials (student)", "student", "/api/v1/materials"),
    Scenario("materials (teacher)", "teacher", "/api/v1/materials"),
    Scenario("assignments (student)", "student", "/api/v1/assignments"),
    Scenario(
        "submissions pending (teacher)",
        "teacher",
        "/api/v1/submissions",
        params={"status": "pending"},
    ),
    Scenario("reports (parent)", "parent", "/api/v1/reports"),
    Scenario("enrollments (tutor)", "tutor", "/api/v1/enrollments"),
    Scenario("dashboard student", "student", "/api/v1/dashboard/student", optional=True),
    Scenario("dashboard teacher", "teacher", "/api/v1/dashboard/teacher", optional=True),
    Scenario("dashboard tutor", "tutor", "/api/v1/dashboard/tutor", optional=True),
    Scenario("dashboard parent", "parent", "/api/v1/dashboard/parent", optional=True),
    Scenario("chat list (student)", "student", CHATS),
    Scenario("message page (student)", "student", CHATS + "/{chat_id}/messages", per_chat=True),
    Scenario(
        "send message (student)",
        "student",
        CHATS + "/{chat_id}/messages",
        method="POST",
        per_chat=True,
        body=message,
    ),
    Scenario("lesson list (student)", "student", "/api/v1/lessons"),
    Scenario("lesson list (teacher)", "teacher", "/api/v1/lessons"),
)


@dataclass(frozen=True, slots=True)
class LoadSettings:
    base_url: str = "http://127.0.0.1:8100"
    connections: int = 16
    duration: float = 20.0
    warmup: float = 3.0
    max_requests: int = 200_000  # per scenario, whatever the duration
    timeout: float = 30.0  # per request


@dataclass(slots=True)
class Sample:
    seconds: float
    status: int  # 0: no answer (the error names the exception)
    size: int
    error: str | None = None


@dataclass(slots=True)
class ScenarioResult:
    scenario: str
    method: str
    path: str
    role: str
    available: bool = True
    note: str | None = None
    requests: int = 0
    elapsed: float = 0.0
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    mean_ms: float = 0.0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    mean_bytes: float = 0.0
    max_bytes: int = 0
    sql_statements: int | None = None
    # CPU used during the measured window, in % of one core (200 = both cores of the machine).
    cpu_percent: dict[str, float] = field(default_factory=dict)
    users: list[str] = field(default_factory=list)


# The compare data set names its accounts student001...; the school-sized one student0001...
NAME_WIDTH = {"compare": 3, "school": 4}
_data_set = ["compare"]


def use_data_set(name: str) -> None:
    """Sign in as the accounts of ``name`` (``compare`` or ``school``)."""
    _data_set[0] = name


def account(role: str, index: int) -> str:
    """The email of virtual user ``index`` (0-based) of ``role``."""
    width = NAME_WIDTH[_data_set[0]]
    return f"{role}{index % ACCOUNTS_PER_ROLE[role] + 1:0{width}d}@{EMAIL_DOMAIN}"


def require_loopback(url: str) -> None:
    host = (urlsplit(url).hostname or "").strip("[]")
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"the bench only talks to loopback; refusing {url!r}")


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summarise(result: ScenarioResult, samples: list[Sample], elapsed: float) -> ScenarioResult:
    latencies = sorted(s.seconds * 1000 for s in samples)
    failed = [s for s in samples if s.error or not 200 <= s.status < 300]
    kinds = Counter(s.error or f"HTTP {s.status}" for s in failed)
    sizes = [s.size for s in samples if s.status]
    result.requests = len(samples)
    result.elapsed = round(elapsed, 3)
    result.rps = round(len(samples) / elapsed, 1) if elapsed > 0 else 0.0
    result.p50_ms = round(percentile(latencies, 0.50), 1)
    result.p95_ms = round(percentile(latencies, 0.95), 1)
    result.p99_ms = round(percentile(latencies, 0.99), 1)
    result.max_ms = round(latencies[-1], 1) if latencies else 0.0
    result.mean_ms = round(statistics.fmean(latencies), 1) if latencies else 0.0
    result.errors = len(failed)
    result.error_kinds = dict(kinds)
    result.mean_bytes = round(statistics.fmean(sizes), 1) if sizes else 0.0
    result.max_bytes = max(sizes, default=0)
    return result


def new_client(settings: LoadSettings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=settings.base_url,
        timeout=settings.timeout,
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        trust_env=False,  # never through a proxy from the environment
    )


async def sign_in(client: httpx.AsyncClient, email: str) -> str:
    response = await client.post(LOGIN_PATH, json={"email": email, "password": PASSWORD})
    if response.status_code != 200:
        raise RuntimeError(f"sign-in of {email} answered {response.status_code}: {response.text}")
    token: str = response.json()["access_token"]
    return token


async def first_chat(client: httpx.AsyncClient) -> str:
    """The signed-in user's first chat (the most recently active)."""
    response = await client.get(CHATS, params={"limit": "1"})
    response.raise_for_status()
    items = response.json()["items"]
    if not items:
        raise RuntimeError("the virtual user has no chat: seed the forum first")
    chat_id: str = items[0]["id"]
    return chat_id


class Budget:
    """The cap on requests of one phase, shared by its virtual users."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


async def drive(
    client: httpx.AsyncClient,
    scenario: Scenario,
    request: tuple[str, dict[str, Any] | None],
    until: float,
    budget: Budget,
    samples: list[Sample],
) -> None:
    """One virtual user: the next request as soon as the previous answer is read."""
    path, body = request
    sent = 0
    while time.perf_counter() < until and budget.take():
        sent += 1
        if scenario.body is not None:
            body = scenario.body(sent)
        started = time.perf_counter()
        try:
            response = await client.request(
                scenario.method, path, params=dict(scenario.params), json=body
            )
        except httpx.HTTPError as exc:
            samples.append(Sample(time.perf_counter() - started, 0, 0, type(exc).__name__))
            continue
        samples.append(
            Sample(time.perf_counter() - started, response.status_code, len(response.content))
        )


async def run_scenario(
    scenario: Scenario,
    settings: LoadSettings,
    cpu_seconds: Callable[[], dict[str, float]] = dict,
) -> ScenarioResult:
    """Sign in, probe, warm up, then measure ``scenario`` with every virtual user at once.

    ``cpu_seconds`` reads CPU time used so far by other parts (the server, the database...),
    by name; the load client's own is always measured."""
    require_loopback(settings.base_url)
    result = ScenarioResult(scenario.name, scenario.method, scenario.path, scenario.role)
    emails = [account(scenario.role, k) for k in range(settings.connections)]
    result.users = sorted(set(emails))
    clients: list[httpx.AsyncClient] = []
    try:
        clients = [new_client(settings) for _ in emails]
        # One connection after another, as visitors arrive: opened in one burst, they would all
        # go to one server worker (asyncio accepts every pending connection at one wake-up).
        for client in clients:
            (await client.get("/health")).raise_for_status()
        bodies: list[dict[str, Any] | None] = [None] * len(emails)
        if scenario.is_sign_in:
            bodies = [{"email": email, "password": PASSWORD} for email in emails]
        else:
            tokens = await asyncio.gather(*map(sign_in, clients, emails))
            for client, token in zip(clients, tokens, strict=True):
                client.headers["Authorization"] = f"Bearer {token}"
        paths = [scenario.path] * len(clients)
        if scenario.per_chat:
            paths = [scenario.path.format(chat_id=await first_chat(c)) for c in clients]
        if scenario.body is not None:
            bodies = [scenario.body(0) for _ in clients]
        probe = await clients[0].request(
            scenario.method, paths[0], params=dict(scenario.params), json=bodies[0]
        )
        if probe.status_code == 404 and scenario.optional:
            result.available = False
            result.note = "not available (404)"
            return result
        if not 200 <= probe.status_code < 300:
            result.note = f"probe answered {probe.status_code}"
        for phase, seconds in (("warm-up", settings.warmup), ("measure", settings.duration)):
            samples: list[Sample] = []
            budget = Budget(settings.max_requests)
            cpu_before = {"load client": time.process_time(), **cpu_seconds()}
            started = time.perf_counter()
            until = started + seconds
            await asyncio.gather(
                *(
                    drive(client, scenario, request, until, budget, samples)
                    for client, request in zip(
                        clients, zip(paths, bodies, strict=True), strict=True
                    )
                )
            )
            elapsed = time.perf_counter() - started
            if phase == "measure":
                summarise(result, samples, elapsed)
                cpu_after = {"load client": time.process_time(), **cpu_seconds()}
                result.cpu_percent = {
                    name: _percent(cpu_after[name] - before, elapsed)
                    for name, before in cpu_before.items()
                    if name in cpu_after
                }
    finally:
        for client in clients:
            await client.aclose()
    return result


def _percent(cpu_seconds: float, elapsed: float) -> float:
    return round(100 * cpu_seconds / elapsed, 1) if elapsed > 0 else 0.0
