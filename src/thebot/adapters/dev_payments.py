"""The development payment gateway of the embedded default: no money, no outside service.

It keeps its payments in this process's memory and behaves like YooKassa where the platform can
tell: a new payment is ``pending`` with a confirmation URL, the same idempotence key returns the
same payment, a saved card pays later periods at once, refunds show as ``refunded_amount``. The
confirmation URL is a page of this server (``/api/v1/payments/dev/{id}``) with "Pay" and
"Decline" buttons. Settings refuse it in production. A restart forgets its payments: the
reconciler then finds them unknown and cancels ours.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from uuid import uuid4

import msgspec

from thebot.domain.payments.gateway import (
    GatewayRejected,
    NewProviderPayment,
    PaymentNotFound,
    ProviderPayment,
    ProviderRefund,
    ProviderStatus,
)


class DevelopmentGateway:
    def __init__(self, page_url: str) -> None:
        """``page_url`` is the absolute URL of the confirmation pages (no trailing slash)."""
        self._page_url = page_url.rstrip("/")
        self._payments: dict[str, ProviderPayment] = {}
        self._by_key: dict[str, str] = {}
        self._return_urls: dict[str, str | None] = {}
        self._descriptions: dict[str, str] = {}
        self._save: set[str] = set()
        self._methods = itertools.count(1)

    async def create(self, payment: NewProviderPayment) -> ProviderPayment:
        known = self._by_key.get(payment.idempotence_key)
        if known is not None:
            return self._payments[known]
        provider_id = str(uuid4())
        created = ProviderPayment(
            id=provider_id,
            status=ProviderStatus.PENDING,
            amount=payment.amount,
            currency=payment.currency,
            paid=False,
            confirmation_url=f"{self._page_url}/{provider_id}",
            metadata=dict(payment.metadata),
        )
        self._by_key[payment.idempotence_key] = provider_id
        self._return_urls[provider_id] = payment.return_url
        self._descriptions[provider_id] = payment.description
        self._payments[provider_id] = created
        if payment.save_payment_method:
            self._save.add(provider_id)
        if payment.payment_method_id is not None:
            # A saved card pays without the payer.
            return self._finish(provider_id, ProviderStatus.SUCCEEDED)
        return created

    async def get(self, provider_payment_id: str) -> ProviderPayment:
        found = self._payments.get(provider_payment_id)
        if found is None:
            raise PaymentNotFound(provider_payment_id)
        return found

    def _known(self, provider_payment_id: str) -> ProviderPayment:
        """A payment to act on. An unknown one (this process restarted since, or the demo seeder's
        gateway made it) is refused as YooKassa refuses a POST about one: ``PaymentNotFound`` is
        for reads only, and the service turns a refusal into a problem response, not a 500."""
        found = self._payments.get(provider_payment_id)
        if found is None:
            raise GatewayRejected("not_found", "The payment service knows no such payment")
        return found

    async def cancel(self, provider_payment_id: str, idempotence_key: str) -> ProviderPayment:
        found = self._known(provider_payment_id)
        if found.status is not ProviderStatus.WAITING_FOR_CAPTURE:
            raise GatewayRejected("invalid_request", "Only a payment waiting for capture")
        return self._finish(provider_payment_id, ProviderStatus.CANCELED, "canceled_by_merchant")

    async def refund(
        self, provider_payment_id: str, amount: Decimal, idempotence_key: str, description: str
    ) -> ProviderRefund:
        found = self._known(provider_payment_id)
        if found.status is not ProviderStatus.SUCCEEDED:
            raise GatewayRejected("invalid_request", "Only a succeeded payment can be refunded")
        if found.refunded_amount + amount > found.amount:
            raise GatewayRejected("invalid_request", "The refund exceeds the payment", "amount")
        self._payments[provider_payment_id] = msgspec.structs.replace(
            found, refunded_amount=found.refunded_amount + amount
        )
        return ProviderRefund(
            id=str(uuid4()), payment_id=provider_payment_id, status="succeeded", amount=amount
        )

    async def close(self) -> None:
        return None

    # ----- the confirmation page's actions ----------------------------------------------------

    def description(self, provider_payment_id: str) -> str:
        return self._descriptions.get(provider_payment_id, "")

    def pay(self, provider_payment_id: str) -> str | None:
        """The payer pays: the payment succeeds. Returns where to send the payer back."""
        self._pending(provider_payment_id)
        self._finish(provider_payment_id, ProviderStatus.SUCCEEDED)
        return self._return_urls.get(provider_payment_id)

    def decline(self, provider_payment_id: str) -> str | None:
        """The payer gives up: the payment is canceled."""
        self._pending(provider_payment_id)
        self._finish(provider_payment_id, ProviderStatus.CANCELED, "expired_on_confirmation")
        return self._return_urls.get(provider_payment_id)

    def _pending(self, provider_payment_id: str) -> ProviderPayment:
        found = self._payments.get(provider_payment_id)
        if found is None:
            raise PaymentNotFound(provider_payment_id)
        if found.status is not ProviderStatus.PENDING:
            raise GatewayRejected("invalid_request", f"The payment is already {found.status}")
        return found

    def _finish(
        self, provider_id: str, status: ProviderStatus, reason: str | None = None
    ) -> ProviderPayment:
        found = self._payments[provider_id]
        succeeded = status is ProviderStatus.SUCCEEDED
        method = None
        if succeeded and provider_id in self._save:
            method = f"dev-card-{next(self._methods)}"
        done = msgspec.structs.replace(
            found,
            status=status,
            paid=succeeded,
            cancellation_reason=reason,
            saved_payment_method_id=method,
        )
        self._payments[provider_id] = done
        return done
