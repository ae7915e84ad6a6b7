"""Payments for enrollments, every status change of each, and subscriptions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from advanced_alchemy.base import UUIDv7AuditBase, UUIDv7Base
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

PAYMENT_STATUSES = ("pending", "waiting_for_capture", "succeeded", "canceled", "refunded")
OPEN = "status IN ('pending', 'waiting_for_capture')"


class PaymentModel(UUIDv7AuditBase):
    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(f"status IN {PAYMENT_STATUSES!r}", name="status_known"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("period_start <= period_end", name="period_ordered"),
        # One open payment per enrollment: a double click cannot open a second one.
        Index(
            "uq_payments_open_enrollment",
            "enrollment_id",
            unique=True,
            postgresql_where=text(OPEN),
            sqlite_where=text(OPEN),
        ),
        UniqueConstraint("payer_id", "client_key"),
        UniqueConstraint("idempotence_key"),
        Index("ix_payments_payer_created", "payer_id", "created_at"),
        Index("ix_payments_status_created", "status", "created_at"),
    )

    enrollment_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("enrollments.id", ondelete="RESTRICT"), index=True
    )
    # A payer with payments cannot be deleted (their money history stays).
    payer_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="RESTRICT"))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    currency: Mapped[str] = mapped_column(String(3))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24), default="pending")
    description: Mapped[str] = mapped_column(String(128))
    provider: Mapped[str] = mapped_column(String(16))
    provider_payment_id: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)
    confirmation_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    idempotence_key: Mapped[str] = mapped_column(String(64))
    client_key: Mapped[str | None] = mapped_column(String(64), default=None)
    subscription_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("subscriptions.id", ondelete="SET NULL"), default=None
    )
    paid_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    cancellation_reason: Mapped[str | None] = mapped_column(String(200), default=None)


class PaymentEventModel(UUIDv7Base):
    __tablename__ = "payment_events"

    payment_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("payments.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(24), default=None)
    to_status: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    source: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(String(200), default=None)


class SubscriptionModel(UUIDv7AuditBase):
    __tablename__ = "subscriptions"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'cancelled')", name="status_known"),
        Index(
            "uq_subscriptions_active_enrollment",
            "enrollment_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
            sqlite_where=text("status = 'active'"),
        ),
    )

    enrollment_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("enrollments.id", ondelete="CASCADE"), index=True
    )
    payer_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="active")
    # The provider's id of the saved card; never sent to clients.
    payment_method_id: Mapped[str | None] = mapped_column(String(64), default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
