"""Delivery of the Pachca outbox: backoff, Retry-After, refusals, the duplicate bound, spacing.

The outbox and Pachca are in-memory fakes; time is a FakeClock that only the injected sleep
(and a slow Pachca) moves, so no test waits.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta
from types import TracebackType
from uuid import UUID, uuid4

import msgspec
import pytest

from tests.fakes.clock import FakeClock
from thebot.domain.forum.pachca import (
    ClaimedNotification,
    DeliveryPolicy,
    DeliveryReport,
    PachcaDelivery,
)
from thebot.domain.forum.ports import PachcaRejected, PachcaUnavailable

DOWN = PachcaUnavailable("Pachca answered 503")
TIMED_OUT = PachcaUnavailable("no answer from Pachca: ReadTimeout", outcome_unknown=True)


class Row(msgspec.Struct, kw_only=True):
    id: UUID
    message_id: int
    content: str
    next_attempt_at: datetime
    status: str = "pending"
    attempts: int = 0
    unknown_outcomes: int = 0
    claimed_until: datetime | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None


class MemoryOutbox:
    """The outbox's delivery side as the SQL adapter implements it, in a list."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.claims = 0

    def add(self, content: str, at: datetime) -> Row:
        row = Row(id=uuid4(), message_id=len(self.rows) + 1, content=content, next_attempt_at=at)
        self.rows.append(row)
        return row

    def row(self, row_id: UUID) -> Row:
        return next(row for row in self.rows if row.id == row_id)

    def _held(self, claim: ClaimedNotification) -> Row | None:
        row = self.row(claim.id)
        if row.status == "pending" and row.claimed_until == claim.claimed_until:
            return row
        return None

    async def claim_due(
        self, now: datetime, until: datetime, limit: int
    ) -> list[ClaimedNotification]:
        self.claims += 1
        due = [
            row
            for row in self.rows
            if row.status == "pending"
            and row.next_attempt_at <= now
            and (row.claimed_until is None or row.claimed_until <= now)
        ]
        due.sort(key=lambda row: row.next_attempt_at)
        claimed = []
        for row in due[:limit]:
            if row.claimed_until is not None:
                row.attempts += 1
                row.unknown_outcomes += 1
            row.claimed_until = until
            claimed.append(
                ClaimedNotification(
                    id=row.id,
                    message_id=row.message_id,
                    content=row.content,
                    attempts=row.attempts,
                    unknown_outcomes=row.unknown_outcomes,
                    claimed_until=until,
                )
            )
        return claimed

    async def delivered(self, claim: ClaimedNotification, at: datetime) -> None:
        row = self.row(claim.id)
        if row.status == "pending":
            row.status, row.delivered_at, row.claimed_until = "delivered", at, None
            row.attempts += 1

    async def retry(
        self, claim: ClaimedNotification, at: datetime, error: str, *, unknown_outcome: bool
    ) -> None:
        row = self._held(claim)
        if row is not None:
            row.attempts += 1
            row.unknown_outcomes += int(unknown_outcome)
            row.next_attempt_at, row.claimed_until, row.last_error = at, None, error

    async def failed(
        self, claim: ClaimedNotification, error: str, *, attempted: bool, unknown_outcome: bool
    ) -> None:
        row = self._held(claim)
        if row is not None:
            row.status, row.claimed_until, row.last_error = "failed", None, error
            row.attempts += int(attempted)
            row.unknown_outcomes += int(unknown_outcome)

    async def release(self, claims: Sequence[ClaimedNotification], not_before: datetime) -> None:
        for claim in claims:
            row = self._held(claim)
            if row is not None:
                row.claimed_until = None
                row.next_attempt_at = max(row.next_attempt_at, not_before)

    async def next_due_at(self) -> datetime | None:
        due = [
            max(row.next_attempt_at, row.claimed_until or row.next_attempt_at)
            for row in self.rows
            if row.status == "pending"
        ]
        return min(due, default=None)


class MemoryUnit:
    def __init__(self, outbox: MemoryOutbox) -> None:
        self.outbox = outbox

    async def commit(self) -> None:
        return None

    async def __aenter__(self) -> MemoryUnit:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


class ScriptedPachca:
    """Answers posts from a script (an exception, or None for 201); then 201 for good."""

    def __init__(self, clock: FakeClock, *script: Exception | None, takes: float = 0) -> None:
        self.clock = clock
        self.script = list(script)
        self.takes = takes
        self.posts: list[tuple[datetime, str]] = []
        self.accepted: list[str] = []

    async def post(self, content: str) -> None:
        self.posts.append((self.clock.now(), content))
        self.clock.advance(self.takes)
        outcome = self.script.pop(0) if self.script else None
        if outcome is None or (isinstance(outcome, PachcaUnavailable) and outcome.outcome_unknown):
            self.accepted.append(content)  # it reached Pachca, whatever the client heard
        if outcome is not None:
            raise outcome


class Sleeper:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def outbox() -> MemoryOutbox:
    return MemoryOutbox()


@pytest.fixture
def sleeper(clock: FakeClock) -> Sleeper:
    return Sleeper(clock)


def delivery(
    outbox: MemoryOutbox,
    pachca: ScriptedPachca,
    clock: FakeClock,
    sleeper: Sleeper,
    *,
    jitter: float = 0.5,
    **policy: float,
) -> PachcaDelivery:
    return PachcaDelivery(
        units=lambda: MemoryUnit(outbox),
        notifier=pachca,
        clock=clock,
        sleep=sleeper,
        policy=DeliveryPolicy(**policy),  # type: ignore[arg-type]
        jitter=lambda: jitter,
    )


def add_rows(outbox: MemoryOutbox, clock: FakeClock, count: int) -> list[Row]:
    return [outbox.add(f"notification {n}", clock.now()) for n in range(count)]


# ----- the ordinary case ----------------------------------------------------------------------


async def test_every_due_row_is_posted_once_in_order_and_marked_delivered(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    rows = add_rows(outbox, clock, 3)
    pachca = ScriptedPachca(clock)

    report = await delivery(outbox, pachca, clock, sleeper).deliver_due()

    assert pachca.accepted == ["notification 0", "notification 1", "notification 2"]
    assert (report.delivered, report.retried, report.failed) == (3, 0, [])
    assert all(row.status == "delivered" and row.attempts == 1 for row in rows)
    assert all(row.claimed_until is None for row in rows)
    assert [row.delivered_at for row in rows] == [at for at, _ in pachca.posts]


async def test_nothing_due_posts_nothing_and_does_not_wait(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    outbox.add("later", clock.now() + timedelta(hours=1))
    pachca = ScriptedPachca(clock)

    report = await delivery(outbox, pachca, clock, sleeper).deliver_due()

    assert report == DeliveryReport()
    assert (pachca.posts, sleeper.waits) == ([], [])


async def test_posts_are_spaced_to_about_four_a_second(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    add_rows(outbox, clock, 4)
    pachca = ScriptedPachca(clock, takes=0.1)

    await delivery(outbox, pachca, clock, sleeper).deliver_due()

    times = [at for at, _ in pachca.posts]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert gaps == pytest.approx([0.25, 0.25, 0.25])
    assert sleeper.waits == pytest.approx([0.15, 0.15, 0.15]), "the post's own time counts"


# ----- Pachca unavailable: backoff, never giving up -------------------------------------------


async def test_a_failed_post_is_retried_after_exponential_backoff_capped_at_five_minutes(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    [row] = add_rows(outbox, clock, 1)
    pachca = ScriptedPachca(clock, *[DOWN] * 11)
    run = delivery(outbox, pachca, clock, sleeper, linger_seconds=10_000, run_seconds=10_000)

    report = await run.deliver_due()

    times = [at for at, _ in pachca.posts]
    gaps = [round((b - a).total_seconds()) for a, b in itertools.pairwise(times)]
    assert gaps == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert (row.status, row.attempts, row.unknown_outcomes) == ("delivered", 12, 0)
    assert (report.delivered, report.retried) == (1, 11)
    assert pachca.accepted == ["notification 0"]


@pytest.mark.parametrize(("jitter", "delay"), [(0.0, 0.5), (0.5, 1.0), (0.999, 1.499)])
async def test_backoff_is_jittered_between_half_and_one_and_a_half_times(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper, jitter: float, delay: float
) -> None:
    [row] = add_rows(outbox, clock, 1)
    start = clock.now()
    pachca = ScriptedPachca(clock, DOWN)

    await delivery(outbox, pachca, clock, sleeper, jitter=jitter, linger_seconds=0).deliver_due()

    assert (row.next_attempt_at - start).total_seconds() == pytest.approx(delay)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "Pachca answered 503")


async def test_jitter_never_takes_the_backoff_past_its_cap(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    [row] = add_rows(outbox, clock, 1)
    row.attempts = 40
    pachca = ScriptedPachca(clock, DOWN)

    await delivery(outbox, pachca, clock, sleeper, jitter=0.999, linger_seconds=0).deliver_due()

    assert (row.next_attempt_at - clock.now()).total_seconds() == pytest.approx(300)


async def test_a_long_outage_never_gives_a_notification_up(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    [row] = add_rows(outbox, clock, 1)
    pachca = ScriptedPachca(clock, *[DOWN] * 50)
    run = delivery(outbox, pachca, clock, sleeper, linger_seconds=0)

    for _ in range(50):
        await run.deliver_due()
        assert row.status == "pending"
        clock.advance(301)
    await run.deliver_due()

    assert (row.status, row.attempts) == ("delivered", 51)
    assert pachca.accepted == ["notification 0"]


async def test_a_run_waits_for_retries_due_soon_but_not_beyond_its_linger(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    [soon] = add_rows(outbox, clock, 1)
    pachca = ScriptedPachca(clock, DOWN, DOWN)

    await delivery(outbox, pachca, clock, sleeper, linger_seconds=5).deliver_due()

    assert soon.status == "delivered", "retried after 1 s and 2 s within one run"
    [late] = add_rows(outbox, clock, 1)
    pachca.script = [DOWN, DOWN, DOWN]
    await delivery(outbox, pachca, clock, sleeper, linger_seconds=5).deliver_due()
    assert (late.status, late.attempts) == ("pending", 3), "1 s + 2 s fit, the 4 s wait does not"


# ----- 429 and Retry-After --------------------------------------------------------------------


async def test_429_stops_the_run_and_every_claimed_row_waits_the_retry_after(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    rows = add_rows(outbox, clock, 3)
    start = clock.now()
    pachca = ScriptedPachca(clock, PachcaUnavailable("429", retry_after=7))

    report = await delivery(outbox, pachca, clock, sleeper).deliver_due()

    assert report.rate_limited
    assert len(pachca.posts) == 1, "nothing more is sent once Pachca said 429"
    assert [row.next_attempt_at - start for row in rows] == [timedelta(seconds=7)] * 3
    assert [row.attempts for row in rows] == [1, 0, 0]
    assert all(row.status == "pending" and row.claimed_until is None for row in rows)

    clock.advance(7)
    await delivery(outbox, pachca, clock, sleeper).deliver_due()
    assert all(row.status == "delivered" for row in rows)


# ----- refusals ---------------------------------------------------------------------------------


async def test_a_refused_notification_fails_for_good_and_is_reported(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    refused, fine = add_rows(outbox, clock, 2)
    pachca = ScriptedPachca(clock, PachcaRejected("Pachca refused the message (422): blank"))

    report = await delivery(outbox, pachca, clock, sleeper).deliver_due()

    assert (refused.status, refused.attempts) == ("failed", 1)
    assert refused.last_error == "rejected: Pachca refused the message (422): blank"
    assert fine.status == "delivered"
    [failure] = report.failed
    assert (failure.id, failure.message_id, failure.attempts) == (refused.id, 1, 1)
    assert "422" in failure.reason
    clock.advance(3600)
    await delivery(outbox, pachca, clock, sleeper).deliver_due()
    assert len(pachca.posts) == 2, "a refused notification is never tried again"


# ----- unknown outcomes and the duplicate bound ----------------------------------------------


async def test_a_timeout_is_retried_and_may_duplicate_once(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    [row] = add_rows(outbox, clock, 1)
    pachca = ScriptedPachca(clock, TIMED_OUT)

    await delivery(outbox, pachca, clock, sleeper).deliver_due()

    assert (row.status, row.attempts, row.unknown_outcomes) == ("delivered", 2, 1)
    assert pachca.accepted == ["notification 0"] * 2


async def test_after_three_unknown_outcomes_a_notification_is_given_up(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    [row] = add_rows(outbox, clock, 1)
    pachca = ScriptedPachca(clock, *[TIMED_OUT] * 10)

    report = await delivery(outbox, pachca, clock, sleeper).deliver_due()

    assert (row.status, row.attempts, row.unknown_outcomes) == ("failed", 3, 3)
    assert len(pachca.accepted) == 3, "at most three copies can have reached Pachca"
    [failure] = report.failed
    assert "3 attempts whose outcome Pachca left unknown" in failure.reason
    clock.advance(3600)
    await delivery(outbox, pachca, clock, sleeper).deliver_due()
    assert len(pachca.posts) == 3


async def test_known_failures_do_not_count_towards_the_duplicate_bound(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    [row] = add_rows(outbox, clock, 1)
    pachca = ScriptedPachca(clock, TIMED_OUT, DOWN, TIMED_OUT, DOWN, DOWN)

    await delivery(outbox, pachca, clock, sleeper, linger_seconds=1000).deliver_due()

    assert (row.status, row.attempts, row.unknown_outcomes) == ("delivered", 6, 2)
    assert len(pachca.accepted) == 3


async def test_a_run_that_died_after_claiming_counts_as_an_unknown_outcome(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    [row] = add_rows(outbox, clock, 1)
    await outbox.claim_due(clock.now(), clock.now() + timedelta(seconds=60), 10)  # then died
    pachca = ScriptedPachca(clock)

    await delivery(outbox, pachca, clock, sleeper).deliver_due()
    assert pachca.posts == [], "the claim holds until it expires"

    clock.advance(61)
    await delivery(outbox, pachca, clock, sleeper).deliver_due()
    assert (row.status, row.attempts, row.unknown_outcomes) == ("delivered", 2, 1)


async def test_a_row_whose_runs_keep_dying_is_given_up_without_another_post(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    [row] = add_rows(outbox, clock, 1)
    row.unknown_outcomes = 2
    await outbox.claim_due(clock.now(), clock.now() + timedelta(seconds=60), 10)  # then died
    clock.advance(61)
    pachca = ScriptedPachca(clock)

    report = await delivery(outbox, pachca, clock, sleeper).deliver_due()

    assert pachca.posts == []
    assert (row.status, row.unknown_outcomes) == ("failed", 3)
    assert len(report.failed) == 1


# ----- claims -----------------------------------------------------------------------------------


async def test_a_row_is_posted_only_while_its_claim_outlasts_the_longest_post(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    rows = add_rows(outbox, clock, 5)
    pachca = ScriptedPachca(clock, takes=3)
    run = delivery(outbox, pachca, clock, sleeper, lease_seconds=10, post_seconds=4)

    await run.deliver_due()

    assert pachca.accepted == [row.content for row in rows]
    assert all(row.status == "delivered" and row.attempts == 1 for row in rows)
    assert outbox.claims >= 3, "the rest of a batch is handed back and claimed afresh"


async def test_two_concurrent_runs_never_post_the_same_row(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    rows = add_rows(outbox, clock, 30)
    first, second = ScriptedPachca(clock), ScriptedPachca(clock)

    await asyncio.gather(
        delivery(outbox, first, clock, sleeper, batch_size=3).deliver_due(),
        delivery(outbox, second, clock, sleeper, batch_size=3).deliver_due(),
    )

    assert first.accepted, "both runs took part"
    assert second.accepted, "both runs took part"
    assert sorted(first.accepted + second.accepted) == sorted(row.content for row in rows)


async def test_a_run_stops_claiming_after_its_time_budget(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    rows = add_rows(outbox, clock, 10)
    pachca = ScriptedPachca(clock, takes=1)

    await delivery(outbox, pachca, clock, sleeper, batch_size=2, run_seconds=3).deliver_due()

    delivered = [row for row in rows if row.status == "delivered"]
    assert 2 <= len(delivered) < 10
    assert all(row.claimed_until is None for row in rows)


def test_a_policy_whose_claims_cannot_cover_a_post_is_refused(
    outbox: MemoryOutbox, clock: FakeClock, sleeper: Sleeper
) -> None:
    with pytest.raises(ValueError, match="outlast"):
        delivery(outbox, ScriptedPachca(clock), clock, sleeper, lease_seconds=10, post_seconds=10)
    with pytest.raises(ValueError, match="batch_size"):
        delivery(outbox, ScriptedPachca(clock), clock, sleeper, batch_size=0)
