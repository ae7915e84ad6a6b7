"""The soak's figures: one row per window, and the summary that says whether memory leaks.

Memory is the resident set (``VmRSS`` in ``/proc/<pid>/status``) of every process of the
server's tree (the uvicorn manager and its workers) and of the job worker's. A process that only
warms up grows in the first minutes and then stays flat, so the summary shows the growth of the
second half of the run on its own, next to the growth from start to end.
"""

from __future__ import annotations

import argparse
import os
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.load import percentile

Sample = tuple[str, int, float]  # action, status (0: no answer, -1: the action broke), seconds


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found.append(int(child))
            found.extend(_children(int(child)))
    return found


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        return None
    return None


def rss_of(roots: dict[str, int]) -> dict[str, float]:
    """RSS in MB of each root process and its descendants, by ``<root> <pid>``."""
    found: dict[str, float] = {}
    for name, root in roots.items():
        try:
            pids = [root, *_children(root)]
        except OSError:
            continue
        for pid in pids:
            rss = _rss_mb(pid)
            if rss is not None:
                label = name if pid == root else f"{name} child"
                found[f"{label} {pid}"] = round(rss, 1)
    return found


@dataclass
class Window:
    index: int
    at: float  # seconds since the load started
    samples: list[Sample]
    events: Counter[str]  # WebSocket events received, by type
    rss: dict[str, float]
    jobs: dict[str, int]  # SAQ counters so far
    load: float = field(default_factory=lambda: os.getloadavg()[0])  # the machine's, 1 minute

    @property
    def latencies(self) -> list[float]:
        return sorted(s[2] * 1000 for s in self.samples if s[1] > 0)

    @property
    def statuses(self) -> Counter[int]:
        return Counter(s[1] for s in self.samples)

    @property
    def errors(self) -> int:
        return sum(1 for s in self.samples if not 200 <= s[1] < 300)

    def p(self, share: float) -> float:
        return round(percentile(self.latencies, share), 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "window": self.index,
            "at_seconds": round(self.at, 1),
            "requests": len(self.samples),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "errors": self.errors,
            "p50_ms": self.p(0.50),
            "p95_ms": self.p(0.95),
            "p99_ms": self.p(0.99),
            "ws_events": dict(self.events),
            "rss_mb": self.rss,
            "jobs": self.jobs,
            "load_average": self.load,
        }


def table_header(first: Window) -> str:
    memory = " | ".join(f"RSS MB {name}" for name in first.rss)
    head = (
        "| window | at s | requests | req/s | errors | statuses | p50 ms | p95 ms | p99 ms "
        f"| jobs run | jobs failed | jobs waiting | WS msgs | load avg | {memory} |"
    )
    return head + "\n" + "|---" * head.count(" | ") + "|---|" + "\n" + _rss_row(first, "before")


def _rss_row(window: Window, name: str) -> str:
    cells = " | ".join(f"{v:,.1f}" for v in window.rss.values())
    dashes = " | ".join("-" * 9)
    return f"| {name} | 0 | {dashes} | {window.jobs['queued']} | - | {window.load:.1f} | {cells} |"


def row(window: Window, previous: Window) -> str:
    seconds = max(window.at - previous.at, 1e-9)
    statuses = _statuses(window.statuses)
    ran = window.jobs.get("complete", 0) - previous.jobs.get("complete", 0)
    failed = window.jobs.get("failed", 0) - previous.jobs.get("failed", 0)
    cells = " | ".join(f"{v:,.1f}" for v in window.rss.values())
    return (
        f"| {window.index} | {window.at:,.0f} | {len(window.samples)} | "
        f"{len(window.samples) / seconds:,.1f} | {window.errors} | {statuses} | {window.p(0.5)} | "
        f"{window.p(0.95)} | {window.p(0.99)} | {ran} | {failed} | {window.jobs['queued']} | "
        f"{sum(window.events.values())} | {window.load:.1f} | {cells} |"
    )


def _statuses(counts: Counter[int]) -> str:
    """``200:5 409:1``; 0 is "no answer", -1 "the action broke", -2 "not sent"."""
    return " ".join(f"{k}:{v}" for k, v in sorted(counts.items()))


def _memory(windows: list[Window]) -> list[str]:
    start, end = windows[0], windows[-1]
    half = end.at / 2
    middle = min(windows[1:], key=lambda w: abs(w.at - half)) if len(windows) > 1 else start
    lines = [
        f"| process | start MB | at {middle.at:,.0f} s MB | end MB | growth MB | "
        "second-half growth MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, first in start.rss.items():
        last, mid = end.rss.get(name), middle.rss.get(name)
        if last is None or mid is None:
            lines.append(f"| {name} | {first:,.1f} | - | gone | - | - |")
            continue
        lines.append(
            f"| {name} | {first:,.1f} | {mid:,.1f} | {last:,.1f} | {last - first:+,.1f} | "
            f"{last - mid:+,.1f} |"
        )
    return lines


def _actions(samples: list[Sample]) -> list[str]:
    lines = [
        "| action | requests | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    by_action: dict[str, list[Sample]] = {}
    for sample in samples:
        by_action.setdefault(sample[0], []).append(sample)
    for action, found in sorted(by_action.items(), key=lambda item: -len(item[1])):
        ms = sorted(s[2] * 1000 for s in found if s[1] > 0)
        failed = Counter(s[1] for s in found if not 200 <= s[1] < 300)
        errors = f"{failed.total()}" + (f" ({_statuses(failed)})" if failed else "")
        lines.append(
            f"| {action} | {len(found)} | {errors} | {percentile(ms, 0.5):,.1f} | "
            f"{percentile(ms, 0.95):,.1f} | {percentile(ms, 0.99):,.1f} |"
        )
    return lines


def print_summary(
    windows: list[Window],
    closes: Counter[str],
    crashes: Counter[str],
    behind: int,
    args: argparse.Namespace,
    report: dict[str, Any],
) -> bool:
    """Print the summary; true when the run passed (no error, nothing broke)."""
    loaded = windows[1:]
    samples = [s for w in loaded for s in w.samples]
    errors = sum(w.errors for w in loaded) + report.get("setup_errors", 0)
    p95s = [w.p(0.95) for w in loaded if w.samples]
    statuses = Counter(s[1] for s in samples)
    events = sum((w.events for w in loaded), Counter[str]())
    last = windows[-1].jobs
    print()
    print(f"Summary of {windows[-1].at:,.0f} s at {args.rate:g} req/s ({args.workers} workers):")
    print()
    print("\n".join(_memory(windows)))
    print()
    print("\n".join(_actions(samples)))
    print()
    by_status = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
    print(f"- requests: {len(samples):,} ({by_status})")
    print(f"- errors: {errors} (set-up errors: {report.get('setup_errors', 0)})")
    if p95s:
        print(
            f"- p95 per window: {', '.join(f'{p:g}' for p in p95s)} ms; min {min(p95s):g}, "
            f"median {statistics.median(p95s):g}, max {max(p95s):g}, "
            f"spread {max(p95s) - min(p95s):,.1f} ms"
        )
    first = windows[0].jobs
    print(
        f"- jobs run: {last.get('complete', 0) - first.get('complete', 0)}, failed "
        f"{last.get('failed', 0) - first.get('failed', 0)}, retried "
        f"{last.get('retried', 0) - first.get('retried', 0)}, waiting at the end {last['queued']}"
    )
    print(f"- WebSocket events received: {sum(events.values())} ({dict(events)})")
    loads = [w.load for w in windows]
    print(
        f"- machine load average (1 min, {os.cpu_count()} CPUs shared with the load client, "
        f"PostgreSQL, Redis and anything else running): {min(loads):.1f} to {max(loads):.1f}"
    )
    print(f"- sockets closed: {dict(closes) or 'none'}; sends behind schedule (>50 ms): {behind}")
    for crash, count in crashes.items():
        print(f"- BROKEN ACTION x{count}: {crash}")
    passed = errors == 0 and not crashes
    print(f"- verdict: {'PASS' if passed else 'FAIL'}")
    report["summary"] = {
        "requests": len(samples),
        "errors": errors,
        "p95_per_window": p95s,
        "ws_events": dict(events),
        "memory": _memory(windows),
        "actions": _actions(samples),
        "passed": passed,
    }
    return passed
