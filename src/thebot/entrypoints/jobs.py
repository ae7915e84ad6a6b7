"""Background job functions, run by SAQ workers or the in-process runner alike.

Each is a plain ``async def job(ctx, **kwargs)`` that opens its own unit of work from the
container in ``ctx`` (never a session shared between jobs) and commits it.
"""

from __future__ import annotations

from typing import Any

import structlog

from thebot.adapters.jobs import JobSpec
from thebot.bootstrap import Container

log = structlog.get_logger("thebot.jobs")


def container_of(ctx: dict[str, Any]) -> Container:
    container: Container = ctx["container"]
    return container


async def purge_expired_sessions(ctx: dict[str, Any]) -> int:
    """Delete sign-in sessions that can never be used again (revoked, or every token expired)."""
    container = container_of(ctx)
    async with container.unit_of_work() as uow:
        removed = await container.session_housekeeping(uow).purge()
        await uow.commit()
    log.info("expired sessions purged", removed=removed)
    return removed


JOB_SPECS: tuple[JobSpec, ...] = (
    JobSpec(purge_expired_sessions, timeout_seconds=300, max_attempts=3, cron="17 3 * * *"),
)
