"""Payments for enrollments, their history, subscriptions, and what each family owes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

import msgspec


class PaymentStatus(StrEnum):
    PENDING = "pending"
    WAITING_FOR_CAPTURE = "waiting_for_capture"
    SUCCEEDED = "succeeded"
    CANCELED = "canceled"
    REFUNDED = "refunded"


OPEN_STATUSES = frozenset({PaymentStatus.PENDING, PaymentStatus.WAITING_FOR_CAPTURE})


class Payment(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    enrollment_id: UUID
    payer_id: UUID
    student_id: UUID
    subject_name: str
    amount: Decimal
    currency: str
    period_start: date
    period_end: date
    status: PaymentStatus
    description: str
    provider: str
    provider_payment_id: str | None
    confirmation_url: str | None
    idempotence_key: str
    client_key: str | None
    subscription_id: UUID | None
    paid_at: datetime | None
    cancellation_reason: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class NewPayment(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    enrollment_id: UUID
    payer_id: UUID
    amount: Decimal
    currency: str
    period_start: date
    period_end: date
    description: str
    provider: str
    idempotence_key: str
    client_key: str | None
    subscription_id: UUID | None
    created_at: datetime


class PaymentEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One status change: from what to what, when, and what told us."""

    from_status: PaymentStatus | None
    to_status: PaymentStatus
    at: datetime
    source: str
    detail: str | None


class Billing(msgspec.Struct, frozen=True, kw_only=True):
    """An enrollment as payments see it, with the family around it."""

    enrollment_id: UUID
    active: bool
    student_id: UUID
    student_name: str
    subject_name: str
    teacher_name: str
    parent_id: UUID | None
    parent_email: str | None
    price_per_period: Decimal | None
    period_weeks: int
    paid_until: date | None


class PaymentState(StrEnum):
    """Where one enrollment stands, as the parent sees it."""

    PAID = "paid"
    DUE = "due"
    OVERDUE = "overdue"
    AWAITING_PAYMENT = "awaiting_payment"
    NO_PAYMENT = "no_payment"


class Due(msgspec.Struct, frozen=True, kw_only=True):
    """One enrollment of a parent's child: its price, paid period and state."""

    enrollment_id: UUID
    student_id: UUID
    student_name: str
    subject_name: str
    teacher_name: str
    price_per_period: Decimal | None
    period_weeks: int
    paid_until: date | None
    state: PaymentState
    open_payment_id: UUID | None
    confirmation_url: str | None
    subscription_id: UUID | None


class SubscriptionStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


class Subscription(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    enrollment_id: UUID
    payer_id: UUID
    status: SubscriptionStatus
    # A saved card: later periods are charged without the parent; None: a link each period.
    has_saved_method: bool
    created_at: datetime
    cancelled_at: datetime | None


class PaymentQuery(msgspec.Struct, frozen=True, kw_only=True):
    payer_id: UUID | None = None  # None: every payer (admins)
    student_id: UUID | None = None
    enrollment_id: UUID | None = None
    status: PaymentStatus | None = None
