"""The money rules, free of storage and providers: periods, states and status moves."""

from __future__ import annotations

from datetime import date, timedelta

from thebot.domain.payments.entities import PaymentState, PaymentStatus

DUE_WITHIN = timedelta(days=7)
MAX_DESCRIPTION = 128  # YooKassa's limit

# Status moves only forward, and only these ways.
_FORWARD: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.PENDING: frozenset(
        {PaymentStatus.WAITING_FOR_CAPTURE, PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED}
    ),
    PaymentStatus.WAITING_FOR_CAPTURE: frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED}),
    PaymentStatus.SUCCEEDED: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.CANCELED: frozenset(),
    PaymentStatus.REFUNDED: frozenset(),
}


def may_move(current: PaymentStatus, target: PaymentStatus) -> bool:
    return target in _FORWARD[current]


def next_period(paid_until: date | None, today: date, weeks: int) -> tuple[date, date]:
    """The period a new payment covers: from the end of the paid period, or from today when
    nothing is paid or the paid period is over; ``weeks`` long. ``paid_until`` is the last
    paid day, so the next period starts the day after it."""
    start = today if paid_until is None or paid_until < today else paid_until + timedelta(days=1)
    return start, start + timedelta(weeks=weeks) - timedelta(days=1)


def state_of(paid_until: date | None, awaiting: bool, today: date) -> PaymentState:
    if awaiting:
        return PaymentState.AWAITING_PAYMENT
    if paid_until is None:
        return PaymentState.NO_PAYMENT
    if paid_until < today:
        return PaymentState.OVERDUE
    if paid_until - today < DUE_WITHIN:
        return PaymentState.DUE
    return PaymentState.PAID


def describe(subject: str, student: str, start: date, end: date) -> str:
    """The payment's description (YooKassa shows it to the payer; at most 128 characters)."""
    period = f"{start:%d.%m.%Y}-{end:%d.%m.%Y}"
    text = f"{subject}, {student}: {period}"
    if len(text) <= MAX_DESCRIPTION:
        return text
    room = MAX_DESCRIPTION - len(period) - 3
    return f"{f'{subject}, {student}'[: room - 1]}…: {period}"
