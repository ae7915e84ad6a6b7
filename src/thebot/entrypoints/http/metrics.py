"""``GET /metrics``: Prometheus text format, for the school's monitoring only.

Protection: with ``THEBOT_METRICS_TOKEN`` set, a scrape must send it as a bearer token (401
otherwise). Without one, the endpoint is open in development and test, and does not exist in
production (404), so a production server never publishes its figures by accident.

The queue depth and the outbox backlog are read at scrape time, each within a short limit: a
source that does not answer is reported by ``metrics_source_up{source=...} 0`` instead of
failing the whole scrape.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable
from typing import Any

import structlog
from litestar import Request, Response, get

from thebot.adapters.metrics import CONTENT_TYPE, Snapshot, read_backlog
from thebot.bootstrap import Container
from thebot.domain.shared.errors import NotFound, Unauthenticated
from thebot.entrypoints.http.deps import PUBLIC, bearer_token, container_of

METRICS_PATH = "/metrics"
SOURCE_TIMEOUT_SECONDS = 3.0
log = structlog.get_logger("thebot.metrics")


@get(METRICS_PATH, include_in_schema=False, opt=PUBLIC, name="metrics")
async def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    """This server's metrics, and the figures of the work waiting for it."""
    container = container_of(request)
    _check_access(request, container)
    snapshot = Snapshot()
    depth = await _read("jobs", container.jobs.depth(), snapshot)
    if depth is not None:
        snapshot.queue_depth = depth
    settings = container.settings
    backlog = await _read(
        "database",
        read_backlog(
            container.read_session_factory,
            container.clock.now(),
            settings.payment_reconcile_minutes,
        ),
        snapshot,
    )
    if backlog is not None:
        snapshot.backlog = backlog
    return Response(container.metrics.exposition(snapshot), media_type=CONTENT_TYPE)


def _check_access(request: Request[Any, Any, Any], container: Container) -> None:
    expected = container.settings.metrics_token
    if expected is None:
        if container.settings.is_production:
            raise NotFound("Not found.")
        return
    given = bearer_token(request) or ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthenticated("Send the metrics token as a bearer token.")


async def _read(
    source: str, figures: Awaitable[dict[str, int]], snapshot: Snapshot
) -> dict[str, int] | None:
    try:
        async with asyncio.timeout(SOURCE_TIMEOUT_SECONDS):
            result = await figures
    except Exception:
        log.warning("metrics source unavailable", source=source, exc_info=True)
        snapshot.sources[source] = False
        return None
    snapshot.sources[source] = True
    return result
