"""What payments need from storage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from thebot.domain.payments.entities import (
    Billing,
    Due,
    NewPayment,
    Payment,
    PaymentEvent,
    PaymentQuery,
    PaymentStatus,
    Subscription,
)
from thebot.domain.shared.pagination import Page, PageRequest


class PaymentRepository(Protocol):
    async def billing(self, enrollment_id: UUID, *, lock: bool = False) -> Billing | None:
        """The enrollment with its family; ``lock`` holds the enrollment's row until the end
        of the transaction, so that payments for one enrollment are opened one at a time."""
        ...

    async def add(self, payment: NewPayment) -> None: ...

    async def get(self, payment_id: UUID, *, lock: bool = False) -> Payment | None: ...

    async def by_provider_id(self, provider_payment_id: str) -> Payment | None: ...

    async def by_client_key(self, payer_id: UUID, client_key: str) -> Payment | None: ...

    async def open_payment(self, enrollment_id: UUID) -> Payment | None: ...

    async def set_provider(
        self, payment_id: UUID, provider_payment_id: str, confirmation_url: str | None, at: datetime
    ) -> None: ...

    async def move(
        self,
        payment_id: UUID,
        current: PaymentStatus,
        target: PaymentStatus,
        at: datetime,
        *,
        source: str,
        detail: str | None = None,
    ) -> bool:
        """Move the payment from ``current`` to ``target`` and record it, only if it is still
        in ``current``: True when this call moved it (a concurrent mover gets False)."""
        ...

    async def extend_paid_until(self, enrollment_id: UUID, until: date) -> None:
        """Set ``paid_until`` to ``until`` unless it is already later."""
        ...

    async def shorten_paid_until(self, enrollment_id: UUID, until: date, back_to: date) -> None:
        """Set ``paid_until`` back to ``back_to`` if it is exactly ``until`` (a refund)."""
        ...

    async def find(self, query: PaymentQuery, page: PageRequest) -> Page[Payment]: ...

    async def history(self, payment_id: UUID) -> list[PaymentEvent]: ...

    async def stale_open(self, created_before: datetime, limit: int) -> list[Payment]: ...

    async def dues(self, parent_id: UUID, today: date) -> list[Due]:
        """Every active enrollment of the parent's children, with its payment state."""
        ...

    # ----- subscriptions --------------------------------------------------------------------

    async def add_subscription(self, subscription: Subscription) -> None: ...

    async def subscription(self, subscription_id: UUID) -> Subscription | None: ...

    async def active_subscription(self, enrollment_id: UUID) -> Subscription | None: ...

    async def saved_method(self, subscription_id: UUID) -> str | None: ...

    async def save_method(self, subscription_id: UUID, method_id: str) -> None: ...

    async def cancel_subscription(self, subscription_id: UUID, at: datetime) -> bool: ...

    async def subscriptions_of(self, payer_id: UUID | None) -> list[Subscription]: ...

    async def subscriptions_due(
        self, paid_through: date, quiet_since: datetime, limit: int
    ) -> list[Subscription]:
        """Active subscriptions whose enrollment is active, paid until ``paid_through`` or
        earlier (or never paid), with no open payment and none made after ``quiet_since``."""
        ...
