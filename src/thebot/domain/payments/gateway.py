"""The payment provider as the domain sees it (YooKassa in production, a local gateway in the
embedded default). Amounts are ``Decimal`` roubles; the provider's own ids are strings."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Protocol

import msgspec


class ProviderStatus(StrEnum):
    """A provider payment's status, as YooKassa names them."""

    PENDING = "pending"
    WAITING_FOR_CAPTURE = "waiting_for_capture"
    SUCCEEDED = "succeeded"
    CANCELED = "canceled"


class ReceiptItem(msgspec.Struct, frozen=True, kw_only=True):
    """One line of a 54-FZ receipt."""

    description: str  # <= 128 characters
    amount: Decimal
    vat_code: int  # 1..12, YooKassa's codes
    quantity: Decimal = Decimal("1")
    payment_subject: str = "service"
    payment_mode: str = "full_prepayment"


class Receipt(msgspec.Struct, frozen=True, kw_only=True):
    customer_email: str
    items: tuple[ReceiptItem, ...]
    tax_system_code: int | None = None


class NewProviderPayment(msgspec.Struct, frozen=True, kw_only=True):
    """What we ask the provider to create.

    ``idempotence_key`` is ours and deterministic (``pay-<our payment id>``): every retry of the
    same intent sends the same key, so the provider never creates a second payment. With a
    ``payment_method_id`` (a saved card, for a subscription) there is no confirmation step and
    ``return_url`` is not sent.
    """

    idempotence_key: str
    amount: Decimal
    currency: str
    description: str  # <= 128 characters
    metadata: dict[str, str]
    return_url: str | None = None
    save_payment_method: bool = False
    payment_method_id: str | None = None
    receipt: Receipt | None = None


class ProviderPayment(msgspec.Struct, frozen=True, kw_only=True):
    """A provider payment as the provider reports it now."""

    id: str
    status: ProviderStatus
    amount: Decimal
    currency: str
    paid: bool
    confirmation_url: str | None = None
    refunded_amount: Decimal = Decimal("0")
    # Set once a method is saved for later charges (``payment_method.saved`` is true).
    saved_payment_method_id: str | None = None
    cancellation_reason: str | None = None
    metadata: dict[str, str] = msgspec.field(default_factory=dict)


class ProviderRefund(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    payment_id: str
    status: str  # pending | succeeded | canceled
    amount: Decimal


class GatewayUnavailable(Exception):
    """The provider did not answer, or answered 5xx/429/202, even after retries: the outcome of
    a create, cancel or refund is unknown. Retry later with the same idempotence key, or read."""


class GatewayRejected(Exception):
    """The provider refused the request for good (a 4xx other than 429): do not retry it."""

    def __init__(self, code: str, description: str, parameter: str | None = None) -> None:
        super().__init__(f"{code}: {description}" + (f" ({parameter})" if parameter else ""))
        self.code = code
        self.description = description
        self.parameter = parameter


class PaymentNotFound(Exception):
    """The provider knows no payment with this id."""


class PaymentGateway(Protocol):
    async def create(self, payment: NewProviderPayment) -> ProviderPayment: ...

    async def get(self, provider_payment_id: str) -> ProviderPayment:
        """Raises ``PaymentNotFound`` for an unknown id."""
        ...

    async def cancel(self, provider_payment_id: str, idempotence_key: str) -> ProviderPayment:
        """Only from ``waiting_for_capture`` (``GatewayRejected`` otherwise)."""
        ...

    async def refund(
        self, provider_payment_id: str, amount: Decimal, idempotence_key: str, description: str
    ) -> ProviderRefund: ...

    async def close(self) -> None: ...
