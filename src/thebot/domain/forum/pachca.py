"""Pachca notifications of forum messages: their text, and their delivery from the outbox.

Each forum message writes one outbox row in its own transaction; ``PachcaDelivery`` posts the
due rows later, so Pachca being slow or down never touches the message itself. A row is
claimed (committed) before it is posted and its outcome recorded after, each in a transaction
of its own: a run that dies mid-way leaves claims that expire, and the rows go out again.

Nothing is lost: a row Pachca could not take (5xx, refused connection, 429) stays pending and is
retried with exponential backoff, for as long as it takes. Only two things end a row unsent:
Pachca refusing it for good (4xx), and the duplicate bound below.

Duplicates are bounded. Pachca's API has no idempotency key, so a post whose answer never came
(a timeout after the request was sent, a 504, a run that died between posting and recording)
may or may not have created the message; retrying it may post it twice. Every such attempt is
counted in ``unknown_outcomes``: reported by the notifier, or found by the next claim as an
expired claim with no outcome. A row is posted only while fewer than ``max_unknown_outcomes``
(3) of its attempts are unknown, and the attempt that makes it 3 marks the row failed. So at
most 3 posts of one notification can have reached Pachca: the 3 unknown ones, or up to 2
unknown ones and the one known to succeed. That is at most 2 duplicates, and none at all
unless Pachca left an outcome unknown. (Answers 500/502/503 are taken to mean "not posted".)
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol
from uuid import UUID

import msgspec

from thebot.domain.forum.ports import ChatNotifier, PachcaRejected, PachcaUnavailable
from thebot.domain.shared.ports import Clock

EXCERPT_LENGTH = 200


# A word joiner after "@" keeps "@all" or "<@123>" in a pupil's message from pinging anyone in
# the school's Pachca chat; the text reads the same.
MENTION = "@"
DEFUSED_MENTION = "@\u2060"


def pachca_text(subject: str, sender: str, others: list[str], content: str) -> str:
    """``[Forum] Maths: Anna Petrova → Ivan, Olga: <the first 200 characters>…``"""
    excerpt = content[:EXCERPT_LENGTH] + ("…" if len(content) > EXCERPT_LENGTH else "")
    excerpt = excerpt.replace(MENTION, DEFUSED_MENTION)
    return f"[Forum] {subject}: {sender} → {', '.join(others)}: {excerpt}"


# ----- the delivery side of the outbox ----------------------------------------------------------


class ClaimedNotification(msgspec.Struct, frozen=True, kw_only=True):
    """An outbox row this run may post until ``claimed_until`` (which also fences its updates)."""

    id: UUID
    message_id: int | None
    content: str
    attempts: int
    unknown_outcomes: int
    claimed_until: datetime


class PachcaOutboxQueue(Protocol):
    """The delivery side of the Pachca outbox; the caller's unit of work commits each change."""

    async def claim_due(
        self, now: datetime, until: datetime, limit: int
    ) -> list[ClaimedNotification]:
        """Claim until ``until`` up to ``limit`` pending rows due at ``now``, oldest due first.

        Rows claimed by another run are skipped until that claim expires; a row whose claim
        expired without an outcome counts one more attempt and one more unknown outcome.
        """
        ...

    async def delivered(self, claim: ClaimedNotification, at: datetime) -> None:
        """Pachca took it: the row is done (even if its claim has expired meanwhile)."""
        ...

    async def retry(
        self, claim: ClaimedNotification, at: datetime, error: str, *, unknown_outcome: bool
    ) -> None:
        """One more attempt failed; post again from ``at``. Ignored once the claim is lost."""
        ...

    async def failed(
        self, claim: ClaimedNotification, error: str, *, attempted: bool, unknown_outcome: bool
    ) -> None:
        """Give the row up for good. Ignored once the claim is lost."""
        ...

    async def release(self, claims: Sequence[ClaimedNotification], not_before: datetime) -> None:
        """Hand back rows not posted, due again at ``not_before`` at the earliest."""
        ...

    async def next_due_at(self) -> datetime | None:
        """When the next pending row may be claimed (None when nothing is pending)."""
        ...


class PachcaOutboxUnit(Protocol):
    """One transaction over the outbox."""

    @property
    def outbox(self) -> PachcaOutboxQueue: ...

    async def commit(self) -> None: ...

    async def __aenter__(self) -> PachcaOutboxUnit: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


# ----- the delivery service ---------------------------------------------------------------------


class DeliveryPolicy(msgspec.Struct, frozen=True, kw_only=True):
    batch_size: int = 10
    # A claim lasts this long; a row is posted only while its claim outlasts the longest post.
    lease_seconds: float = 60.0
    post_seconds: float = 15.0
    # Pachca allows about 4 messages a second per chat and token.
    min_interval_seconds: float = 0.25
    first_retry_seconds: float = 1.0
    max_retry_seconds: float = 300.0
    max_unknown_outcomes: int = 3
    # A run waits for retries due soon (1 s, 2 s, 4 s…) up to this much in all; later ones are
    # left to the next run (the job runs after every message and every minute).
    linger_seconds: float = 20.0
    # After this long a run claims nothing more, so it ends well inside its job's time limit.
    run_seconds: float = 120.0


class FailedNotification(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    message_id: int | None
    attempts: int
    reason: str


class DeliveryReport(msgspec.Struct, kw_only=True):
    delivered: int = 0
    retried: int = 0
    failed: list[FailedNotification] = msgspec.field(default_factory=list)
    rate_limited: bool = False


Sleep = Callable[[float], Awaitable[None]]


class PachcaDelivery:
    """Posts due outbox rows to Pachca one by one and records each outcome."""

    def __init__(
        self,
        *,
        units: Callable[[], PachcaOutboxUnit],
        notifier: ChatNotifier,
        clock: Clock,
        sleep: Sleep,
        policy: DeliveryPolicy | None = None,
        # Jitter only spreads retries; it needs no cryptographic randomness.
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._units = units
        self._notifier = notifier
        self._clock = clock
        self._sleep = sleep
        self._policy = policy or DeliveryPolicy()
        self._jitter = jitter
        self._last_post: datetime | None = None
        if self._policy.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self._policy.post_seconds >= self._policy.lease_seconds:
            raise ValueError("a claim must outlast the longest post")

    async def deliver_due(self) -> DeliveryReport:
        """Post every due row, waiting for retries due soon; stop early when Pachca says 429."""
        report = DeliveryReport()
        policy = self._policy
        started = self._clock.now()
        linger_left = policy.linger_seconds
        while self._since(started) < policy.run_seconds:
            batch = await self._claim()
            if batch:
                if not await self._post_batch(batch, report):
                    break
                continue
            due = await self._next_due_at()
            if due is None:
                break
            wait = max((due - self._clock.now()).total_seconds(), policy.min_interval_seconds)
            if wait > linger_left:
                break
            linger_left -= wait
            await self._sleep(wait)
        return report

    async def _post_batch(self, batch: list[ClaimedNotification], report: DeliveryReport) -> bool:
        """Post a claimed batch; False when Pachca asked us to wait (the run should stop)."""
        for index, claim in enumerate(batch):
            if claim.unknown_outcomes >= self._policy.max_unknown_outcomes:
                reason = "a run stopped before recording the outcome of an earlier attempt"
                await self._give_up(claim, reason, report, attempted=False)
                continue
            await self._space_out()
            now = self._clock.now()
            if now + timedelta(seconds=self._policy.post_seconds) > claim.claimed_until:
                # Too little of the claim is left: another run could take the row mid-post.
                await self._release(batch[index:], not_before=now)
                return True
            try:
                await self._notifier.post(claim.content)
            except PachcaRejected as exc:
                await self._give_up(claim, f"rejected: {exc}", report, attempted=True)
            except PachcaUnavailable as exc:
                if exc.retry_after is not None:
                    # Rate limited (or told to wait): this row and the rest wait as asked.
                    resume = self._clock.now() + timedelta(seconds=max(exc.retry_after, 0.0))
                    await self._retry(claim, resume, exc, report)
                    await self._release(batch[index + 1 :], not_before=resume)
                    report.rate_limited = True
                    return False
                await self._unavailable(claim, exc, report)
            else:
                async with self._units() as unit:
                    await unit.outbox.delivered(claim, self._clock.now())
                    await unit.commit()
                report.delivered += 1
        return True

    async def _unavailable(
        self, claim: ClaimedNotification, exc: PachcaUnavailable, report: DeliveryReport
    ) -> None:
        unknown = claim.unknown_outcomes + int(exc.outcome_unknown)
        if exc.outcome_unknown and unknown >= self._policy.max_unknown_outcomes:
            reason = (
                f"gave up after {unknown} attempts whose outcome Pachca left unknown"
                f" (last: {exc.reason})"
            )
            await self._give_up(claim, reason, report, attempted=True, unknown=True)
            return
        await self._retry(claim, self._clock.now() + self._backoff(claim), exc, report)

    def _backoff(self, claim: ClaimedNotification) -> timedelta:
        """1 s, 2 s, 4 s … doubling per attempt made, times a jitter of 0.5 to 1.5, capped."""
        policy = self._policy
        base = policy.first_retry_seconds * 2 ** min(claim.attempts, 30)
        delay = min(base, policy.max_retry_seconds) * (0.5 + self._jitter())
        return timedelta(seconds=min(delay, policy.max_retry_seconds))

    async def _space_out(self) -> None:
        if self._last_post is not None:
            wait = self._policy.min_interval_seconds - self._since(self._last_post)
            if wait > 0:
                await self._sleep(wait)
        self._last_post = self._clock.now()

    def _since(self, moment: datetime) -> float:
        return (self._clock.now() - moment).total_seconds()

    # ----- one transaction each ---------------------------------------------------------------

    async def _claim(self) -> list[ClaimedNotification]:
        now = self._clock.now()
        until = now + timedelta(seconds=self._policy.lease_seconds)
        async with self._units() as unit:
            batch = await unit.outbox.claim_due(now, until, self._policy.batch_size)
            await unit.commit()
        return batch

    async def _next_due_at(self) -> datetime | None:
        async with self._units() as unit:
            return await unit.outbox.next_due_at()

    async def _retry(
        self,
        claim: ClaimedNotification,
        at: datetime,
        exc: PachcaUnavailable,
        report: DeliveryReport,
    ) -> None:
        async with self._units() as unit:
            await unit.outbox.retry(claim, at, exc.reason, unknown_outcome=exc.outcome_unknown)
            await unit.commit()
        report.retried += 1

    async def _give_up(
        self,
        claim: ClaimedNotification,
        reason: str,
        report: DeliveryReport,
        *,
        attempted: bool,
        unknown: bool = False,
    ) -> None:
        async with self._units() as unit:
            await unit.outbox.failed(claim, reason, attempted=attempted, unknown_outcome=unknown)
            await unit.commit()
        report.failed.append(
            FailedNotification(
                id=claim.id,
                message_id=claim.message_id,
                attempts=claim.attempts + int(attempted),
                reason=reason,
            )
        )

    async def _release(self, claims: Sequence[ClaimedNotification], not_before: datetime) -> None:
        if not claims:
            return
        async with self._units() as unit:
            await unit.outbox.release(claims, not_before)
            await unit.commit()
