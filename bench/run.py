"""The benchmark in one command: seed, count SQL, serve, load every scenario, report.

    .venv/bin/python -m bench.run [--no-seed] [--duration 20] [--connections 16] [--workers 2]
                                  [--scenarios "dashboard student,sign-in"] [--seed 1]

1. seeds the compare data set into a fresh PostgreSQL database (``bench.seed_compare``);
2. counts the SQL statements of one request per scenario on an in-process app;
3. starts ``thebot run --workers N --no-migrate`` on that database (Redis db 9);
4. runs every scenario with ``bench.load``, then stops the server;
5. prints a Markdown table and writes ``bench/results/<timestamp>.json`` and ``.png``.

Only loopback is ever contacted. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from bench.chart import draw_chart
from bench.load import (
    NAME_WIDTH,
    SCENARIOS,
    LoadSettings,
    Scenario,
    ScenarioResult,
    require_loopback,
    run_scenario,
    use_data_set,
)
from bench.seed_compare import DEFAULT_DATABASE_URL, check_loopback, print_report, seed
from bench.statements import count_statements

REPOSITORY = Path(__file__).resolve().parents[1]
RESULTS = REPOSITORY / "bench" / "results"
THEBOT = Path(sys.executable).with_name("thebot")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
REFERENCE = {  # the system we replace, same machine class and data set (from the issue)
    "dashboard student": "1.6 req/s, p99 10.4 s, 9 MB",
    "dashboard teacher": "75 req/s, p99 387 ms",
    "dashboard tutor": "45 req/s, p99 638 ms",
    "dashboard parent": "51 req/s, p99 571 ms",
}
TARGET_RPS, TARGET_P99_MS, TARGET_KB = 400, 100, 100
NOISE_PERCENT = 15  # CPU of other processes (% of a core) that makes a measurement suspect


# ----- the server ------------------------------------------------------------------------------


def server_environment(args: argparse.Namespace, data_dir: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("THEBOT_")}
    environment.update(
        THEBOT_ENV="development",
        THEBOT_DATABASE_URL=args.database_url,
        THEBOT_REDIS_URL=args.redis_url,
        THEBOT_LOG_LEVEL="WARNING",
        THEBOT_DATA_DIR=data_dir,
    )
    return environment


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@contextmanager
def serving(args: argparse.Namespace, log_path: Path) -> Any:
    """``thebot run`` as a child in its own process group, stopped (only it) on the way out."""
    if not port_is_free(args.port):
        raise SystemExit(f"port {args.port} is in use: stop what listens there or pass --port")
    command = [str(THEBOT), "run", "--port", str(args.port), "--workers", str(args.workers)]
    command.append("--no-migrate")
    with (
        tempfile.TemporaryDirectory(prefix="thebot-bench-") as data_dir,
        log_path.open("w") as log,
    ):
        # The working directory is the empty data folder: no developer's .env is read.
        server = subprocess.Popen(  # noqa: S603 - our own command, no shell
            command,
            cwd=data_dir,
            env=server_environment(args, data_dir),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_healthy(server, f"http://127.0.0.1:{args.port}/health", log_path)
            yield server
        finally:
            stop(server)


def wait_until_healthy(server: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    with httpx.Client(timeout=2, trust_env=False) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"the server exited ({server.returncode}); see {log_path}")
            with suppress(httpx.HTTPError):
                if client.get(url).status_code == 200:
                    return
            time.sleep(0.25)
    raise SystemExit(f"the server did not become healthy in 60 s; see {log_path}")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)  # uvicorn's graceful stop of the manager and its workers
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # the group we created, nothing else
        server.wait(timeout=10)


# ----- CPU accounting (Linux /proc; empty elsewhere) -------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_of(pid: int) -> tuple[str, float]:
    stat = Path(f"/proc/{pid}/stat").read_text()
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    return name, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _descendants(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found.extend(_descendants(int(child)))
    return found


def cpu_counters(server_pid: int) -> dict[str, float]:
    """CPU seconds so far: the server's process tree, every postgres process (of any database
    on this machine), and the whole machine (busy time of all cores)."""
    counters: dict[str, float] = {}
    with suppress(OSError, ValueError):
        processes = {pid: _cpu_of(pid)[1] for pid in _descendants(server_pid)}
        counters["server"] = sum(processes.values())
        counters.update({f"server pid {pid}": seconds for pid, seconds in processes.items()})
        postgres = 0.0
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with suppress(OSError, ValueError):
                    name, seconds = _cpu_of(int(entry.name))
                    if name == "postgres":
                        postgres += seconds
        counters["postgres"] = postgres
        cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        idle = int(cpu[3]) + int(cpu[4])
        counters["machine"] = (sum(int(v) for v in cpu[:8]) - idle) / CLOCK_TICKS
    return counters


# ----- report ----------------------------------------------------------------------------------


def table(results: Sequence[ScenarioResult]) -> str:
    lines = [
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | mean KB | SQL statements |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        sql = "-" if r.sql_statements is None else str(r.sql_statements)
        if not r.available:
            why = "not available" if (r.note or "").startswith("not available") else r.note
            lines.append(f"| {r.scenario} | {why} | - | - | - | - | - | {sql} |")
            continue
        lines.append(
            f"| {r.scenario} | {r.rps:,.1f} | {r.p50_ms:,.1f} | {r.p95_ms:,.1f} | "
            f"{r.p99_ms:,.1f} | {r.errors} / {r.requests} | {r.mean_bytes / 1024:,.1f} | {sql} |"
        )
    return "\n".join(lines)


def verdicts(results: Sequence[ScenarioResult]) -> list[str]:
    lines = []
    for r in results:
        if r.scenario not in REFERENCE:
            continue
        if not r.available:
            lines.append(f"- {r.scenario}: not available yet (reference: {REFERENCE[r.scenario]})")
            continue
        misses = [
            f"{r.rps:,.0f} req/s < {TARGET_RPS}" if r.rps < TARGET_RPS else "",
            f"p99 {r.p99_ms:,.0f} ms >= {TARGET_P99_MS}" if r.p99_ms >= TARGET_P99_MS else "",
            f"{r.max_bytes / 1024:,.0f} KB >= {TARGET_KB}"
            if r.max_bytes >= TARGET_KB * 1024
            else "",
            f"{r.errors} errors" if r.errors else "",
        ]
        missed = "; ".join(m for m in misses if m)
        verdict = f"misses the target: {missed}" if missed else "meets the target"
        lines.append(f"- {r.scenario}: {verdict} (reference: {REFERENCE[r.scenario]})")
    return lines


def busy_workers(result: ScenarioResult) -> list[float]:
    """CPU (% of a core) of each server process that did real work in the measured window."""
    shares = [v for k, v in result.cpu_percent.items() if k.startswith("server pid ")]
    return sorted((v for v in shares if v >= 5), reverse=True)


def other_cpu(result: ScenarioResult) -> float:
    """CPU (% of a core) the machine spent on anything but the server, database and client."""
    cpu = result.cpu_percent
    if "machine" not in cpu:
        return 0.0
    ours = cpu.get("load client", 0) + cpu.get("server", 0) + cpu.get("postgres", 0)
    return max(0.0, cpu["machine"] - ours)


def git_commit() -> str | None:
    with suppress(OSError, subprocess.SubprocessError):
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - read-only
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return None


# ----- main ------------------------------------------------------------------------------------


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--no-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--max-requests", type=int, default=200_000, help="per scenario")
    parser.add_argument("--scenarios", default="", help="comma-separated names (default: all)")
    parser.add_argument("--no-sql-count", action="store_true")
    parser.add_argument(
        "--data-set",
        choices=sorted(NAME_WIDTH),
        default="compare",
        help="whose accounts sign in; 'school' needs --no-seed and a database seeded with "
        "`thebot seed scale` (see bench/README.md)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.connections <= 256 or not 0 < args.duration <= 300:
        parser.error("keep it bounded: 1-256 connections, at most 300 s per scenario")
    if args.data_set == "school" and not args.no_seed:
        parser.error(
            "--data-set school measures a database seeded by `thebot seed scale`: add --no-seed"
        )
    return args


def chosen(names: str) -> list[Scenario]:
    if not names.strip():
        return list(SCENARIOS)
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    known = {s.name: s for s in SCENARIOS}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise SystemExit(f"unknown scenarios {unknown}; known: {list(known)}")
    return [known[n] for n in wanted]


def new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    use_data_set(args.data_set)
    check_loopback(args.database_url)
    require_loopback(args.redis_url)
    scenarios = chosen(args.scenarios)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(parents=True, exist_ok=True)
    command = shlex.join([".venv/bin/python", "-m", "bench.run", *sys.argv[1:]])
    if os.environ.get("MAKELEVEL"):
        extra = f" BENCH_ARGS={shlex.quote(shlex.join(sys.argv[1:]))}" if sys.argv[1:] else ""
        command = f"make bench{extra}"
    report: dict[str, Any] = {
        "started_at": stamp,
        "command": command.strip(),
        "commit": git_commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        },
        "settings": {k: v for k, v in vars(args).items() if k != "scenarios"},
    }
    if not args.no_seed:
        report["seed"] = seed(args.database_url, args.seed)
        print_report(report["seed"])
        if any(report["seed"]["rule_breaches"].values()):
            return 1
    counts: dict[str, dict[str, Any]] = {}
    if not args.no_sql_count:
        counts, report["machine"]["postgres"] = asyncio.run(
            count_statements(args.database_url, scenarios)
        )
        print("SQL statements per request counted on an in-process app.")
    load = LoadSettings(
        base_url=f"http://127.0.0.1:{args.port}",
        connections=args.connections,
        duration=args.duration,
        warmup=args.warmup,
        max_requests=args.max_requests,
    )
    results: list[ScenarioResult] = []
    unbalanced: list[str] = []
    noisy: list[str] = []
    log_path = RESULTS / f"{stamp}-server.log"
    with serving(args, log_path) as server, asyncio.Runner(loop_factory=new_loop) as runner:
        print(f"Server up (pid {server.pid}, {args.workers} workers); log: {log_path}")
        for scenario in scenarios:
            try:
                result = runner.run(run_scenario(scenario, load, lambda: cpu_counters(server.pid)))
            except (httpx.HTTPError, RuntimeError) as exc:  # one broken scenario, not the run
                result = ScenarioResult(
                    scenario.name, scenario.method, scenario.path, scenario.role, available=False
                )
                result.note = f"failed: {exc}"[:200]
            counted = counts.get(scenario.name)
            if counted and 200 <= counted["status"] < 300:  # a refusal's count says nothing
                result = replace(result, sql_statements=counted["count"])
            results.append(result)
            workers = busy_workers(result)
            shown = (
                f"{result.rps:,.1f} req/s, p99 {result.p99_ms:,.1f} ms, {result.errors} errors; "
                f"CPU % of a core: client {result.cpu_percent.get('load client', 0):.0f}, "
                f"server workers {'/'.join(f'{w:.0f}' for w in workers) or '?'}, "
                f"postgres {result.cpu_percent.get('postgres', 0):.0f}, "
                f"anything else {other_cpu(result):.0f}"
            )
            print(f"  {scenario.name}: {shown if result.available else result.note}")
            if result.available and len(workers) < args.workers:
                unbalanced.append(scenario.name)
            if result.available and other_cpu(result) > NOISE_PERCENT:
                noisy.append(scenario.name)
    markdown = table(results)
    notes = verdicts(results)
    if noisy:
        notes.append(
            f"- WARNING: other processes on the machine used more than {NOISE_PERCENT}% of a core "
            f"during {', '.join(noisy)}: those numbers are low; run them again on a quiet machine"
        )
    if unbalanced:
        notes.append(
            f"- WARNING: fewer than {args.workers} server workers did the work in "
            f"{', '.join(unbalanced)}: the numbers understate the server (see bench/README.md)"
        )
    print()
    print(
        f"`{report['command']}` — {args.connections} connections, {args.workers} workers, "
        f"{args.duration:g} s per scenario after {args.warmup:g} s warm-up, "
        f"{os.cpu_count()} CPUs shared by server, database and load client"
    )
    print()
    print(markdown)
    if notes:
        print()
        print("\n".join(notes))
    report["scenarios"] = [asdict(r) for r in results]
    report["sql"] = counts
    report["table"] = markdown
    json_path = RESULTS / f"{stamp}.json"
    json_path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    chart = draw_chart(
        results,
        f"THE BOT bench {stamp} ({args.connections} conn, {args.workers} workers)",
        RESULTS / f"{stamp}.png",
    )
    print(f"\nWritten: {json_path.relative_to(REPOSITORY)}, {chart.relative_to(REPOSITORY)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
