"""Background job functions, run by SAQ workers or the in-process runner alike.

Each is a plain ``async def job(ctx, **kwargs)`` that opens its own unit of work from the
container in ``ctx`` (never a session shared between jobs) and commits it.
"""

from __future__ import annotations

from datetime import timedelta
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


async def deliver_pachca(ctx: dict[str, Any]) -> dict[str, int]:
    """Post due Pachca notifications from the outbox, until none is due.

    Queued (key ``deliver_pachca``) after each forum message is committed, and swept every
    minute, so rows whose enqueue was lost, or whose retry comes due later, still go out.
    """
    container = container_of(ctx)
    delivery = container.pachca_delivery()
    if delivery is None:
        return {"delivered": 0, "retried": 0, "failed": 0}
    report = await delivery.deliver_due()
    for failure in report.failed:
        log.error(
            "pachca notification given up",
            outbox_id=str(failure.id),
            message_id=failure.message_id,
            attempts=failure.attempts,
            reason=failure.reason,
        )
    if report.delivered or report.retried or report.failed:
        log.info(
            "pachca notifications",
            delivered=report.delivered,
            retried=report.retried,
            failed=len(report.failed),
            rate_limited=report.rate_limited,
        )
    return {"delivered": report.delivered, "retried": report.retried, "failed": len(report.failed)}


async def reconcile_payments(ctx: dict[str, Any]) -> int:
    """Finish payments open longer than the configured minutes: create the provider payment a
    failed request never made, or read what became of it (a lost notification changes nothing)."""
    container = container_of(ctx)
    minutes = container.settings.payment_reconcile_minutes
    async with container.unit_of_work() as uow:
        seen = await container.payment_service(uow).reconcile(timedelta(minutes=minutes))
        await uow.commit()
    if seen:
        log.info("open payments reconciled", payments=seen)
    return seen


async def charge_subscriptions(ctx: dict[str, Any]) -> int:
    """Open the next period's payment of every subscription whose paid period ends within a
    day: charged at once to a saved card, or a link for the parent to pay."""
    container = container_of(ctx)
    async with container.unit_of_work() as uow:
        done = await container.payment_service(uow).charge_subscriptions(timedelta(days=1))
        await uow.commit()
    if done:
        log.info("subscriptions charged", subscriptions=done)
    return done


async def prune_notifications(ctx: dict[str, Any]) -> int:
    """Delete read notifications older than the retention (THEBOT_NOTIFICATION_RETENTION_DAYS)."""
    container = container_of(ctx)
    async with container.unit_of_work() as uow:
        removed = await container.notification_service(uow).prune(
            container.settings.notification_retention_days
        )
        await uow.commit()
    if removed:
        log.info("read notifications pruned", removed=removed)
    return removed


JOB_SPECS: tuple[JobSpec, ...] = (
    JobSpec(purge_expired_sessions, timeout_seconds=300, max_attempts=3, cron="17 3 * * *"),
    # A run claims nothing after 120 s and lingers at most 20 s, so it ends well inside 300 s.
    JobSpec(deliver_pachca, timeout_seconds=300, max_attempts=3, cron="* * * * *"),
    JobSpec(reconcile_payments, timeout_seconds=300, max_attempts=3, cron="* * * * *"),
    JobSpec(charge_subscriptions, timeout_seconds=600, max_attempts=3, cron="7 * * * *"),
    JobSpec(prune_notifications, timeout_seconds=600, max_attempts=3, cron="37 3 * * *"),
)
