"""The soak run: minutes of a school day's mixed load on the school-sized data set.

    .venv/bin/python -m bench.soak [--minutes 10] [--rate 60] [--no-seed] [--window 30]

1. seeds ``thebot seed scale`` (the school profile) into ``thebot_soak`` (unless ``--no-seed``);
2. starts ``thebot run --workers 2`` and one ``thebot worker`` on PostgreSQL + Redis (db 7);
3. signs in related virtual users (``bench.soak_school``), opens WebSockets for the students
   and teachers, sets homework, then sends a weighted mix of requests at a fixed rate (open
   loop: request ``k`` is due at ``start + k / rate``, whatever the previous answers did);
4. every ``--window`` seconds prints one row: requests, errors, latency percentiles, jobs run,
   WebSocket messages received, and the RSS of every server process and the worker;
5. prints the summary (RSS growth, and in the second half alone, to tell a leak from warm-up;
   p95 spread) and exits 1 when any request failed or a process died.

Only loopback is ever contacted. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from bench.load import require_loopback
from bench.run import (
    RESULTS,
    THEBOT,
    git_commit,
    new_loop,
    port_is_free,
    server_environment,
    stop,
)
from bench.seed_compare import check_loopback
from bench.soak_report import Window, print_summary, row, rss_of, table_header
from bench.soak_school import ACTIONS, Driver, Person, School, population, prepare
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from thebot.adapters.jobs import create_saq_queue
from thebot.entrypoints.seeds.scale import print_report, seed_database

DEFAULT_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/thebot_soak"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
MAX_IN_FLIGHT = 256
LATE_SECONDS = 0.05  # a request this late against its schedule counts as behind it


HEALTHY_WITHIN = 300  # seconds: the machine is shared, a loaded one starts workers slowly


@contextmanager
def started(
    args: argparse.Namespace, command: list[str], log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """``thebot <command>`` in its own process group and an empty working folder (no
    developer's ``.env`` is read), stopped on the way out (only it: ``bench.run.stop``)."""
    with (
        tempfile.TemporaryDirectory(prefix="thebot-soak-") as data_dir,
        log_path.open("w") as log,
    ):
        process = subprocess.Popen(  # noqa: S603 - our own command, no shell
            [str(THEBOT), *command],
            cwd=data_dir,
            # JSON logs, as in production: the development console renders a traceback with
            # its locals, which takes seconds of CPU per error and stalls the event loop.
            env=server_environment(args, data_dir) | {"THEBOT_LOG_FORMAT": "json"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            stop(process)


def wait_until_healthy(server: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + HEALTHY_WITHIN
    with httpx.Client(timeout=2, trust_env=False) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"the server exited ({server.returncode}); see {log_path}")
            with suppress(httpx.HTTPError):
                if client.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                    return
            time.sleep(0.5)
    raise SystemExit(f"the server was not healthy in {HEALTHY_WITHIN} s; see {log_path}")


class Tally:
    """What happened since the last window: each request, and the sockets' events."""

    def __init__(self) -> None:
        self.samples: list[tuple[str, int, float]] = []
        self.events: Counter[str] = Counter()
        self.closes: Counter[str] = Counter()
        self.crashes: Counter[str] = Counter()

    def record(self, action: str, status: int, seconds: float) -> None:
        self.samples.append((action, status, seconds))

    def take(self) -> tuple[list[tuple[str, int, float]], Counter[str]]:
        samples, events = self.samples, self.events
        self.samples, self.events = [], Counter()
        return samples, events


async def hold_socket(person: Person, driver: Driver, base: str, tally: Tally) -> None:
    """One user's socket, for the whole run; opened again (with a new ticket) if closed."""
    while True:
        response = await driver.request("ws ticket", person, "POST", "/api/v1/ws/ticket")
        if response is None:
            await asyncio.sleep(1)
            continue
        url = f"{base}/api/v1/ws?ticket={response.json()['ticket']}"
        try:
            async with connect(url, open_timeout=30, ping_interval=None, max_queue=None) as ws:
                async for raw in ws:
                    tally.events[json.loads(raw).get("type", "?")] += 1
        except (ConnectionClosed, InvalidStatus, OSError, TimeoutError) as exc:
            tally.closes[type(exc).__name__] += 1
        else:
            tally.closes["closed by server"] += 1
        await asyncio.sleep(1)


async def jobs_done(redis_url: str) -> dict[str, int]:
    """SAQ's counters: jobs completed/failed/retried by the workers so far, and waiting now."""
    queue = create_saq_queue(redis_url)
    try:
        info = await queue.info()
    finally:
        await queue.disconnect()
    totals = Counter[str]()
    for worker in info["workers"].values():
        stats: dict[str, Any] = dict(worker.get("stats") or {})
        for key in ("complete", "failed", "retried"):
            totals[key] += int(stats.get(key, 0))
    return {**totals, "queued": info["queued"] + info["scheduled"]}


async def soak(args: argparse.Namespace, pids: dict[str, int], report: dict[str, Any]) -> bool:
    base = f"http://127.0.0.1:{args.port}"
    tally = Tally()
    clients = [
        httpx.AsyncClient(base_url=base, timeout=30, trust_env=False)
        for _ in range(args.connections)
    ]
    for client in clients:  # one after another, so both server workers get some
        (await client.get("/health")).raise_for_status()
    driver = Driver(clients, tally.record)
    school: School = await population(args.database_url, args.teachers, args.students)
    counts = {role: len(people) for role, people in school.people.items()}
    print(f"Virtual users: {counts}; {len(school.teaching)} enrollments between them")
    await prepare(school, driver)
    sockets = [
        asyncio.create_task(hold_socket(p, driver, base.replace("http", "ws", 1), tally))
        for p in school.people["student"] + school.people["teacher"]
    ]
    await asyncio.sleep(2)  # the sockets' ``ready``
    setup, _ = tally.take()
    setup_errors = [s for s in setup if not 200 <= s[1] < 300]
    print(f"Set up: {len(setup)} requests, {len(setup_errors)} errors; {len(sockets)} sockets")
    report["setup_errors"] = len(setup_errors)

    windows: list[Window] = [
        Window(0, 0.0, [], Counter(), rss_of(pids), await jobs_done(args.redis_url))
    ]
    print()
    print(table_header(windows[0]))
    rng = random.Random(args.seed)  # noqa: S311 - a reproducible mix, not secrets
    weights = [w for w, _ in ACTIONS]
    in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)
    tasks: set[asyncio.Task[None]] = set()
    behind = 0

    async def run(action: Any) -> None:
        try:
            await action(school, driver, rng)
        except Exception as exc:
            tally.crashes[f"{action.__name__}: {type(exc).__name__}: {exc}"[:160]] += 1
            tally.record(action.__name__, -1, 0.0)

    def finished(task: asyncio.Task[None]) -> None:
        tasks.discard(task)
        in_flight.release()

    start = time.perf_counter()
    until = start + args.minutes * 60
    next_window = start + args.window
    k = 0
    while (now := time.perf_counter()) < until:
        if now >= next_window:
            samples, events = tally.take()
            stats = await jobs_done(args.redis_url)
            window = Window(len(windows), now - start, samples, events, rss_of(pids), stats)
            windows.append(window)
            print(row(window, windows[-2]), flush=True)
            next_window += args.window
            continue
        due = start + k / args.rate
        if due > now:
            await asyncio.sleep(min(due, next_window, until) - now)
            continue
        k += 1
        if now - due > LATE_SECONDS:
            behind += 1
        action = rng.choices(ACTIONS, weights)[0][1]
        if in_flight.locked():  # the server stopped answering: never more than this waits
            tally.record(f"not sent ({MAX_IN_FLIGHT} in flight): {action.__name__}", -2, 0.0)
            continue
        await in_flight.acquire()
        task = asyncio.create_task(run(action))
        tasks.add(task)
        task.add_done_callback(finished)
    await asyncio.gather(*tasks)
    samples, events = tally.take()
    end = time.perf_counter() - start
    windows.append(
        Window(len(windows), end, samples, events, rss_of(pids), await jobs_done(args.redis_url))
    )
    print(row(windows[-1], windows[-2]))
    for task in sockets:
        task.cancel()
    await asyncio.gather(*sockets, return_exceptions=True)
    for client in clients:
        await client.aclose()
    report["windows"] = [w.as_dict() for w in windows]
    report["socket_closes"] = dict(tally.closes)
    report["crashes"] = dict(tally.crashes)
    report["behind_schedule"] = behind
    report["virtual_users"] = counts
    return print_summary(windows, tally.closes, tally.crashes, behind, args, report)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the load")
    parser.add_argument("--rate", type=float, default=60.0, help="requests per second in total")
    parser.add_argument("--window", type=float, default=30.0, help="seconds per sample")
    parser.add_argument("--no-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections")
    parser.add_argument("--teachers", type=int, default=12, help="virtual teachers")
    parser.add_argument("--students", type=int, default=48, help="virtual students (theirs)")
    parser.add_argument("--seed", type=int, default=1, help="the data set's and the mix's")
    args = parser.parse_args(argv)
    if not 0 < args.minutes <= 180 or not 1 <= args.rate <= 1000 or args.window < 5:
        parser.error("keep it bounded: at most 180 minutes, 1-1000 req/s, windows of 5 s or more")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    check_loopback(args.database_url)
    require_loopback(args.redis_url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "started_at": stamp,
        "command": shlex.join([".venv/bin/python", "-m", "bench.soak", *sys.argv[1:]]),
        "commit": git_commit(),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "settings": vars(args),
    }
    if not args.no_seed:
        report["seed"] = seed_database(args.database_url, seed=args.seed, reset=True)
        print_report(report["seed"])
        if any(report["seed"]["rule_breaches"].values()):
            return 1
    with ExitStack() as stack:
        if not port_is_free(args.port):
            raise SystemExit(f"port {args.port} is in use: stop what listens there or pass --port")
        log = RESULTS / f"{stamp}-soak-server.log"
        serve = ["run", "--port", str(args.port), "--workers", str(args.workers), "--no-migrate"]
        server = stack.enter_context(started(args, serve, log))
        worker_log = RESULTS / f"{stamp}-soak-worker.log"
        worker = stack.enter_context(started(args, ["worker"], worker_log))
        wait_until_healthy(server, args.port, log)
        pids = {"server": server.pid, "worker": worker.pid}
        print(f"Server up (pid {server.pid}, {args.workers} workers), worker pid {worker.pid}")
        with asyncio.Runner(loop_factory=new_loop) as runner:
            passed = runner.run(soak(args, pids, report))
        for name, process in (("server", server), ("worker", worker)):
            if process.poll() is not None:
                print(f"FAILED: the {name} exited during the run ({process.returncode})")
                passed = False
    json_path = RESULTS / f"{stamp}-soak.json"
    json_path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"\nWritten: {json_path.relative_to(RESULTS.parents[1])}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
