"""The Pachca outbox: rows written with forum messages, claimed and settled by delivery runs.

Claims lock nothing for long: a run commits its claim (``claimed_until``) before posting, so
a second run skips the row until the claim expires. On PostgreSQL the claiming SELECT takes
``FOR UPDATE SKIP LOCKED`` so concurrent claims never wait for or take the same rows; SQLite
ignores that clause and serialises writers with ``BEGIN IMMEDIATE`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from thebot.adapters.db.models.forum import PachcaOutboxModel
from thebot.domain.forum.pachca import ClaimedNotification

Outbox = PachcaOutboxModel
MAX_ERROR = 2000
CRASHED = "the run that claimed it stopped before recording the outcome of its post"
_NO_SYNC: dict[str, Any] = {"synchronize_session": False}


class SqlPachcaOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ----- the forum's side -----------------------------------------------------------------

    async def add(self, message_id: int, content: str, now: datetime) -> None:
        self._session.add(
            Outbox(
                message_id=message_id,
                content=content,
                status="pending",
                attempts=0,
                unknown_outcomes=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        await self._session.flush()

    # ----- the delivery side ----------------------------------------------------------------

    async def claim_due(
        self, now: datetime, until: datetime, limit: int
    ) -> list[ClaimedNotification]:
        rows = (
            await self._session.execute(
                select(
                    Outbox.id,
                    Outbox.message_id,
                    Outbox.content,
                    Outbox.attempts,
                    Outbox.unknown_outcomes,
                    Outbox.claimed_until,
                )
                .where(
                    Outbox.status == "pending",
                    Outbox.next_attempt_at <= now,
                    or_(Outbox.claimed_until.is_(None), Outbox.claimed_until <= now),
                )
                .order_by(Outbox.next_attempt_at, Outbox.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        if not rows:
            return []
        # An expired claim with no outcome: that run may have posted. Count it (see pachca.py).
        crashed = case((Outbox.claimed_until.is_not(None), 1), else_=0)
        await self._session.execute(
            update(Outbox)
            .where(Outbox.id.in_([row.id for row in rows]))
            .values(
                claimed_until=until,
                attempts=Outbox.attempts + crashed,
                unknown_outcomes=Outbox.unknown_outcomes + crashed,
                last_error=case(
                    (Outbox.claimed_until.is_not(None), CRASHED), else_=Outbox.last_error
                ),
            ),
            execution_options=_NO_SYNC,
        )
        return [
            ClaimedNotification(
                id=row.id,
                message_id=row.message_id,
                content=row.content,
                attempts=row.attempts + (row.claimed_until is not None),
                unknown_outcomes=row.unknown_outcomes + (row.claimed_until is not None),
                claimed_until=until,
            )
            for row in rows
        ]

    async def delivered(self, claim: ClaimedNotification, at: datetime) -> None:
        # Success wins even over a lost claim: the row must never be posted again.
        await self._session.execute(
            update(Outbox)
            .where(Outbox.id == claim.id, Outbox.status == "pending")
            .values(
                status="delivered",
                delivered_at=at,
                attempts=Outbox.attempts + 1,
                claimed_until=None,
            ),
            execution_options=_NO_SYNC,
        )

    async def retry(
        self, claim: ClaimedNotification, at: datetime, error: str, *, unknown_outcome: bool
    ) -> None:
        await self._session.execute(
            update(Outbox)
            .where(*_held(claim))
            .values(
                attempts=Outbox.attempts + 1,
                unknown_outcomes=Outbox.unknown_outcomes + int(unknown_outcome),
                next_attempt_at=at,
                claimed_until=None,
                last_error=error[:MAX_ERROR],
            ),
            execution_options=_NO_SYNC,
        )

    async def failed(
        self, claim: ClaimedNotification, error: str, *, attempted: bool, unknown_outcome: bool
    ) -> None:
        await self._session.execute(
            update(Outbox)
            .where(*_held(claim))
            .values(
                status="failed",
                attempts=Outbox.attempts + int(attempted),
                unknown_outcomes=Outbox.unknown_outcomes + int(unknown_outcome),
                claimed_until=None,
                last_error=error[:MAX_ERROR],
            ),
            execution_options=_NO_SYNC,
        )

    async def release(self, claims: Sequence[ClaimedNotification], not_before: datetime) -> None:
        by_claim: dict[datetime, list[UUID]] = {}
        for claim in claims:
            by_claim.setdefault(claim.claimed_until, []).append(claim.id)
        for claimed_until, ids in by_claim.items():
            await self._session.execute(
                update(Outbox)
                .where(
                    Outbox.id.in_(ids),
                    Outbox.status == "pending",
                    Outbox.claimed_until == claimed_until,
                )
                .values(
                    claimed_until=None,
                    next_attempt_at=case(
                        (Outbox.next_attempt_at < not_before, not_before),
                        else_=Outbox.next_attempt_at,
                    ),
                ),
                execution_options=_NO_SYNC,
            )

    async def next_due_at(self) -> datetime | None:
        # A row claimed by a live run is due again (to another run) only when the claim expires.
        due = case(
            (
                and_(
                    Outbox.claimed_until.is_not(None),
                    Outbox.claimed_until > Outbox.next_attempt_at,
                ),
                Outbox.claimed_until,
            ),
            else_=Outbox.next_attempt_at,
        )
        value: datetime | None = await self._session.scalar(
            select(func.min(due, type_=DateTimeUTC(timezone=True))).where(
                Outbox.status == "pending"
            )
        )
        return value


def _held(claim: ClaimedNotification) -> tuple[Any, ...]:
    """Conditions true only while ``claim`` is still this run's (its expiry fences it)."""
    return (
        Outbox.id == claim.id,
        Outbox.status == "pending",
        Outbox.claimed_until == claim.claimed_until,
    )
