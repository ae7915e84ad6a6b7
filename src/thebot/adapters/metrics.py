"""Prometheus metrics of one process, and the figures read from the database at scrape time.

Each container owns its ``Metrics`` with its own registry (no global state: tests build many
apps in one process). Under ``thebot run --workers N`` the CLI sets ``PROMETHEUS_MULTIPROC_DIR``
before the server processes start: prometheus_client then keeps every counter, histogram and
gauge in files of that folder, and a scrape of any one process reads all of them, so one
``/metrics`` answers for the whole server whichever process takes the request.

Figures that describe shared state (the job queue, the outbox backlog) are not counted by a
process but read when scraped, and exposed as gauges of that scrape only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from thebot.adapters.db.models.forum import PachcaOutboxModel
from thebot.adapters.db.models.payments import PaymentModel

# prometheus_client's own switch to its multi-process mode (read by the library on import).
MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
UNMATCHED_ROUTE = "<unmatched>"
# Request durations from a cached read to a slow report: 5 ms to 30 s.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
OPEN_PAYMENTS = ("pending", "waiting_for_capture")


def multiprocess_dir() -> str | None:
    """The folder shared by the server's processes, or None when each process stands alone."""
    return os.environ.get(MULTIPROCESS_DIR_VARIABLE) or None


class Metrics:
    """The counters, histograms and gauges one process updates as it works."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.http_requests = Counter(
            "http_requests",
            "HTTP requests answered, by route template (never a raw path), method and status.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.http_duration = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and method.",
            ["method", "route"],
            buckets=DURATION_BUCKETS,
            registry=registry,
        )
        self.http_in_flight = Gauge(
            "http_requests_in_flight",
            "HTTP requests being answered now.",
            registry=registry,
            multiprocess_mode="livesum",
        )
        self.websocket_connections = Gauge(
            "websocket_connections",
            "WebSockets open now.",
            registry=registry,
            multiprocess_mode="livesum",
        )
        self.websocket_connects = Counter(
            "websocket_connects", "WebSockets opened by signed-in users.", registry=registry
        )
        self.websocket_disconnects = Counter(
            "websocket_disconnects", "WebSockets closed, by either side.", registry=registry
        )
        self.jobs_completed = Counter(
            "jobs_completed", "Background jobs that succeeded.", ["job"], registry=registry
        )
        self.jobs_retried = Counter(
            "jobs_retried",
            "Job attempts that failed and will be tried again.",
            ["job"],
            registry=registry,
        )
        self.jobs_failed = Counter(
            "jobs_failed",
            "Background jobs that failed their last attempt.",
            ["job"],
            registry=registry,
        )

    def request_answered(self, method: str, route: str, status: int, seconds: float) -> None:
        self.http_requests.labels(method, route, str(status)).inc()
        self.http_duration.labels(method, route).observe(seconds)

    def socket_opened(self) -> None:
        self.websocket_connects.inc()
        self.websocket_connections.inc()

    def socket_closed(self) -> None:
        self.websocket_disconnects.inc()
        self.websocket_connections.dec()

    def job_finished(self, job: str, outcome: str) -> None:
        """``outcome``: ``completed``, ``retried`` or ``failed``."""
        counter = {
            "completed": self.jobs_completed,
            "retried": self.jobs_retried,
            "failed": self.jobs_failed,
        }[outcome]
        counter.labels(job).inc()

    def exposition(self, snapshot: Snapshot | None = None) -> bytes:
        """The text format of this process (or of every server process, in multi-process
        mode), followed by the figures read for this scrape."""
        folder = multiprocess_dir()
        if folder is None:
            registry = self.registry
        else:
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=folder)
        text = generate_latest(registry)
        if snapshot is not None:
            scrape = CollectorRegistry()
            scrape.register(snapshot)
            text += generate_latest(scrape)
        return text

    def process_ended(self) -> None:
        """Drop this process's gauges of open requests and sockets from the shared folder."""
        folder = multiprocess_dir()
        if folder is not None:
            mark_process_dead(os.getpid(), folder)


class Snapshot(Collector):
    """Figures read at scrape time: job queue depth, outbox backlog, which sources answered."""

    def __init__(self) -> None:
        self.queue_depth: dict[str, int] = {}
        self.backlog: dict[str, int] = {}
        self.sources: dict[str, bool] = {}

    def collect(self) -> Iterator[Metric]:
        if self.queue_depth:
            yield _gauge(
                "job_queue_depth", "Jobs waiting or running, by state.", "state", self.queue_depth
            )
        if self.backlog:
            yield _gauge(
                "outbox_backlog",
                "Work waiting in the database: undelivered Pachca notifications, payments "
                "awaiting reconciliation.",
                "kind",
                self.backlog,
            )
        yield _gauge(
            "metrics_source_up",
            "Whether a source of this scrape answered (1) or not (0).",
            "source",
            {name: int(up) for name, up in self.sources.items()},
        )


def _gauge(name: str, documentation: str, label: str, values: Mapping[str, int]) -> Metric:
    family = GaugeMetricFamily(name, documentation, labels=[label])
    for key, value in sorted(values.items()):
        family.add_metric([key], value)
    return family


async def read_backlog(
    sessions: async_sessionmaker[AsyncSession], now: datetime, reconcile_minutes: int
) -> dict[str, int]:
    """What the database holds that still has to leave the process: Pachca rows not yet
    delivered (nor given up), and open payments old enough for the reconciler."""
    due = now - timedelta(minutes=reconcile_minutes)
    async with sessions() as session:
        pachca = await session.scalar(
            select(func.count())
            .select_from(PachcaOutboxModel)
            .where(PachcaOutboxModel.status == "pending")
        )
        payments = await session.scalar(
            select(func.count())
            .select_from(PaymentModel)
            .where(PaymentModel.status.in_(OPEN_PAYMENTS), PaymentModel.created_at < due)
        )
    return {"pachca_undelivered": int(pachca or 0), "payments_unreconciled": int(payments or 0)}
