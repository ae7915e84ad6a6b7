"""Payments, what is due, and subscriptions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from thebot.domain.payments.entities import (
    Due,
    Payment,
    PaymentEvent,
    PaymentState,
    PaymentStatus,
    Subscription,
    SubscriptionStatus,
)
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody


class PaymentCreate(RequestBody):
    enrollment_id: UUID
    # Pay each period from now on: with the saved card where the provider allows it.
    subscribe: bool = False


class PaymentEventOut(ResponseBody):
    from_status: PaymentStatus | None
    to_status: PaymentStatus
    at: datetime
    source: str
    detail: str | None

    @classmethod
    def of(cls, event: PaymentEvent) -> PaymentEventOut:
        return cls(
            from_status=event.from_status,
            to_status=event.to_status,
            at=event.at,
            source=event.source,
            detail=event.detail,
        )


class PaymentOut(ResponseBody):
    id: UUID
    enrollment_id: UUID
    student_id: UUID
    subject_name: str
    payer_id: UUID
    amount: Decimal
    currency: str
    period_start: date
    period_end: date
    status: PaymentStatus
    description: str
    provider: str
    confirmation_url: str | None
    subscription_id: UUID | None
    paid_at: datetime | None
    cancellation_reason: str | None
    created_at: datetime
    updated_at: datetime
    # Only on the single-payment read: every status change.
    history: list[PaymentEventOut] | None = None

    @classmethod
    def of(cls, payment: Payment, history: list[PaymentEvent] | None = None) -> PaymentOut:
        return cls(
            id=payment.id,
            enrollment_id=payment.enrollment_id,
            student_id=payment.student_id,
            subject_name=payment.subject_name,
            payer_id=payment.payer_id,
            amount=payment.amount,
            currency=payment.currency,
            period_start=payment.period_start,
            period_end=payment.period_end,
            status=payment.status,
            description=payment.description,
            provider=payment.provider,
            # Only an open payment can still be paid.
            confirmation_url=payment.confirmation_url if payment.is_open else None,
            subscription_id=payment.subscription_id,
            paid_at=payment.paid_at,
            cancellation_reason=payment.cancellation_reason,
            created_at=payment.created_at,
            updated_at=payment.updated_at,
            history=None if history is None else [PaymentEventOut.of(e) for e in history],
        )


class PaymentStarted(ResponseBody):
    payment: PaymentOut
    confirmation_url: str | None


class PaymentPageOut(ResponseBody):
    items: list[PaymentOut]
    total: int
    limit: int
    offset: int


class DueOut(ResponseBody):
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

    @classmethod
    def of(cls, due: Due) -> DueOut:
        return cls(
            enrollment_id=due.enrollment_id,
            student_id=due.student_id,
            student_name=due.student_name,
            subject_name=due.subject_name,
            teacher_name=due.teacher_name,
            price_per_period=due.price_per_period,
            period_weeks=due.period_weeks,
            paid_until=due.paid_until,
            state=due.state,
            open_payment_id=due.open_payment_id,
            confirmation_url=due.confirmation_url,
            subscription_id=due.subscription_id,
        )


class SubscriptionOut(ResponseBody):
    id: UUID
    enrollment_id: UUID
    payer_id: UUID
    status: SubscriptionStatus
    # True: later periods are charged to the saved card; false: a payment link each period.
    automatic: bool
    created_at: datetime
    cancelled_at: datetime | None

    @classmethod
    def of(cls, subscription: Subscription) -> SubscriptionOut:
        return cls(
            id=subscription.id,
            enrollment_id=subscription.enrollment_id,
            payer_id=subscription.payer_id,
            status=subscription.status,
            automatic=subscription.has_saved_method,
            created_at=subscription.created_at,
            cancelled_at=subscription.cancelled_at,
        )
