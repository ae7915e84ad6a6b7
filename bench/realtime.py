"""Real-time benchmark: send -> receive latency across two server processes on Redis.

    .venv/bin/python -m bench.realtime [--no-seed] [--users 200] [--rate 200] [--duration 20]
                                       [--phases http,fanout]

1. seeds ``thebot_bench_rt`` (``bench.realtime_seed``): 20 teachers, 180 students, one chat each;
2. starts two ``thebot run --no-migrate`` processes (A, B) on loopback ports, Redis db 9;
3. opens every user's WebSocket, alternately on A and B, each ``ready`` before the load starts;
4. runs the phases (``bench.realtime_load``): ``http`` sends messages over HTTP through A and B
   alternately, ``fanout`` publishes the same events straight to Redis; both time the receipt
   at the other participant's socket;
5. prints a Markdown table (p50/p95/p99, messages per second) and writes
   ``bench/results/<timestamp>-realtime.json``.

Only loopback is ever contacted. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
from bench.chart import draw_chart
from bench.load import ScenarioResult, percentile, require_loopback
from bench.realtime_load import (
    MAX_IN_FLIGHT,
    Pace,
    Recorder,
    http_sender,
    open_sockets,
    redis_sender,
    run_phase,
)
from bench.realtime_seed import School, seed, sign_in_everyone
from bench.run import (
    RESULTS,
    THEBOT,
    cpu_counters,
    git_commit,
    new_loop,
    port_is_free,
    server_environment,
    stop,
    wait_until_healthy,
)
from bench.seed_compare import check_loopback
from redis.asyncio import Redis

DEFAULT_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/thebot_bench_rt"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
TARGET_P95_MS, TARGET_RATE = 50, 200
PHASES = {
    "http": "HTTP send → other participant's socket",
    "fanout": "Redis publish → other participant's socket",
}


@contextmanager
def two_servers(args: argparse.Namespace, stamp: str) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes A and B, each in its own process group, stopped (only they) on the way out."""
    for port in args.ports:
        if not port_is_free(port):
            raise SystemExit(f"port {port} is in use: stop what listens there or pass --ports")
    started: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="thebot-bench-rt-") as data_dir:
        try:
            for name, port in zip("AB", args.ports, strict=True):
                log_path = RESULTS / f"{stamp}-realtime-server-{name}.log"
                with log_path.open("w") as log:
                    server = subprocess.Popen(  # noqa: S603 - our own command, no shell
                        [str(THEBOT), "run", "--port", str(port), "--no-migrate"],
                        cwd=data_dir,  # an empty folder: no developer's .env is read
                        env=server_environment(args, data_dir),
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                started.append(server)
                # One after the other: a development server may create the first admin.
                wait_until_healthy(server, f"http://127.0.0.1:{port}/health", log_path)
            yield started
        finally:
            for server in started:
                stop(server)


async def measure(
    args: argparse.Namespace, school: School, servers: list[subprocess.Popen[bytes]]
) -> dict[str, Any]:
    def cpu() -> dict[str, float]:
        counters: dict[str, float] = {}
        for name, server in zip("AB", servers, strict=True):
            measured = cpu_counters(server.pid)
            counters[f"server {name}"] = measured.get("server", 0.0)
            counters["postgres"] = measured.get("postgres", 0.0)
            counters["machine"] = measured.get("machine", 0.0)
        return counters

    limits = httpx.Limits(max_connections=MAX_IN_FLIGHT, max_keepalive_connections=MAX_IN_FLIGHT)
    clients = [
        httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", timeout=30, limits=limits, trust_env=False
        )
        for port in args.ports
    ]
    redis = Redis.from_url(args.redis_url)
    pace = Pace(args.rate, args.warmup, args.duration, args.seed)
    results: dict[str, Any] = {}
    try:
        opened = time.perf_counter()
        sockets = await open_sockets(clients, school.members[: args.users])
        results["connect_seconds"] = round(time.perf_counter() - opened, 2)
        print(f"{len(sockets.connections)} sockets ready in {results['connect_seconds']} s")
        rooms = [r for r in school.rooms if r.student in sockets.home and r.teacher in sockets.home]
        try:
            for phase in args.phases:
                await asyncio.sleep(1)  # the previous phase's stragglers, presence at start
                send = http_sender(clients) if phase == "http" else redis_sender(redis)
                recorder, run = await run_phase(phase, send, rooms, sockets, pace, cpu)
                results[phase] = {"recorder": recorder, **run}
                print(f"  {phase}: done, CPU % of a core {run['cpu_percent']}", flush=True)
        finally:
            results["closed_sockets"] = dict(sockets.closed)
            await sockets.close()
    finally:
        await redis.aclose()
        for client in clients:
            await client.aclose()
    return results


# ----- report ----------------------------------------------------------------------------------


def row(name: str, values: list[float], expected: int) -> dict[str, Any]:
    ordered = sorted(values)
    return {
        "path": name,
        "count": len(ordered),
        "lost": expected - len(ordered),
        "p50_ms": round(percentile(ordered, 0.50), 1),
        "p95_ms": round(percentile(ordered, 0.95), 1),
        "p99_ms": round(percentile(ordered, 0.99), 1),
        "max_ms": round(ordered[-1], 1) if ordered else 0.0,
    }


def rows_of(phase: str, recorder: Recorder, window: float) -> list[dict[str, Any]]:
    measured = [s for s in recorder.sent.values() if s.measured and not s.failed]
    rows = []
    parts = [("all", measured)]
    if phase == "http":  # sent through A or B: did the event cross to the other process?
        parts[:0] = [
            ("to the other process", [s for s in measured if s.cross]),
            ("to the same process", [s for s in measured if not s.cross]),
        ]
    for where, chosen in parts:
        latencies = [(s.received_at - s.at) * 1000 for s in chosen if s.received_at is not None]
        rows.append(row(f"{PHASES[phase]}, {where}", latencies, len(chosen)))
    sent = "HTTP POST → 201" if phase == "http" else "Redis PUBLISH → reply"
    rows.append(row(sent, recorder.send_ms, len(recorder.send_ms)))
    for r in rows:
        r["msg_per_s"] = round(recorder.sent_ok_in_window / window, 1)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| path | msg/s | count | p50 ms | p95 ms | p99 ms | max ms | lost |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['path']} | {r['msg_per_s']:,.1f} | {r['count']:,} | {r['p50_ms']:,.1f} | "
            f"{r['p95_ms']:,.1f} | {r['p99_ms']:,.1f} | {r['max_ms']:,.1f} | {r['lost']} |"
        )
    return "\n".join(lines)


def verdict(rows: list[dict[str, Any]]) -> str:
    everything = next(r for r in rows if r["path"].endswith(", all"))
    met = everything["p95_ms"] < TARGET_P95_MS and everything["msg_per_s"] >= TARGET_RATE * 0.98
    return "meets" if met else "misses"


# ----- main --------------------------------------------------------------------------------------


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--no-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument("--users", type=int, default=200, help="connected users (sockets)")
    parser.add_argument("--rate", type=float, default=200.0, help="messages per second")
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--phases", default="http,fanout", help="comma-separated: http, fanout")
    parser.add_argument("--ports", type=int, nargs=2, default=[8110, 8111])
    parser.add_argument("--seed", type=int, default=1, help="of the random choice of chats")
    args = parser.parse_args(argv)
    args.phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    if not args.phases or set(args.phases) - set(PHASES):
        parser.error(f"--phases: choose from {', '.join(PHASES)}")
    if not 2 <= args.users <= 1000 or not 0 < args.rate <= 2000 or not 0 < args.duration <= 300:
        parser.error("keep it bounded: 2-1000 users, at most 2000 msg/s and 300 s")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    check_loopback(args.database_url)
    require_loopback(args.redis_url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(parents=True, exist_ok=True)
    command = " ".join([".venv/bin/python -m bench.realtime", *sys.argv[1:]])
    if not args.no_seed:
        started = time.perf_counter()
        seed(args.database_url, args.users)
        print(f"Seeded {args.database_url} in {time.perf_counter() - started:.1f} s")
    school = sign_in_everyone(args.database_url)
    if len(school.members) < args.users:
        raise SystemExit(f"the database has {len(school.members)} users: seed it again")
    with two_servers(args, stamp) as servers, asyncio.Runner(loop_factory=new_loop) as runner:
        print(f"Servers up: A pid {servers[0].pid}, B pid {servers[1].pid}", flush=True)
        results = runner.run(measure(args, school, servers))
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    phases: dict[str, Any] = {}
    for phase in args.phases:
        recorder: Recorder = results[phase]["recorder"]
        phase_rows = rows_of(phase, recorder, results[phase]["window_seconds"])
        rows.extend(phase_rows)
        notes.append(
            f"- {phase}: {verdict(phase_rows)} the target (p95 < {TARGET_P95_MS} ms at "
            f"{TARGET_RATE} msg/s); errors: {recorder.errors or 'none'}; sends behind schedule: "
            f"{recorder.behind_schedule}; CPU % of a core: {results[phase]['cpu_percent']}"
        )
        phases[phase] = {
            "rows": phase_rows,
            "errors": recorder.errors,
            "behind_schedule": recorder.behind_schedule,
            "window_seconds": results[phase]["window_seconds"],
            "cpu_percent": results[phase]["cpu_percent"],
        }
    notes.append(f"- sockets closed by the servers: {results['closed_sockets'] or 'none'}")
    print()
    print(
        f"`{command}` — {args.users} sockets (half on each process), target {args.rate:g} msg/s, "
        f"{args.duration:g} s measured after {args.warmup:g} s warm-up per phase, "
        f"{os.cpu_count()} CPUs shared by both servers, PostgreSQL, Redis and the load client"
    )
    print()
    print(table(rows))
    print()
    print("\n".join(notes))
    report = {
        "started_at": stamp,
        "command": command,
        "commit": git_commit(),
        "settings": vars(args),
        "connect_seconds": results["connect_seconds"],
        "closed_sockets": results["closed_sockets"],
        "phases": phases,
        "table": table(rows),
    }
    path = RESULTS / f"{stamp}-realtime.json"
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    chart = [
        ScenarioResult(
            r["path"].replace("→", "->"), "WS", "", "", rps=r["msg_per_s"], p99_ms=r["p99_ms"]
        )
        for r in rows
    ]
    png = draw_chart(chart, f"THE BOT real-time {stamp}", RESULTS / f"{stamp}-realtime.png")
    print(f"\nWritten: bench/results/{path.name}, bench/results/{png.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
