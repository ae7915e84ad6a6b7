"""Parents pay for their children's enrollments; the provider's word alone moves a payment.

How a payment goes:

1. ``open``: our Payment row (``pending``) for the enrollment's next period at the enrollment's
   price. One open payment per enrollment: a second request gets the open one back, and so
   does a repeated ``Idempotency-Key``.
2. ``submit``: after that row is committed, the provider payment is created with the key
   ``pay-<payment id>``; the same key on every retry means at most one provider payment. A
   provider that does not answer leaves the row pending for the reconciler to finish.
3. ``apply``: the provider's state (read by us, never taken from a notification's body) moves
   the row forward only: pending → waiting_for_capture → succeeded | canceled, succeeded →
   refunded. Each move is a conditional update, so two webhooks at once apply it once; a
   success extends the enrollment's ``paid_until`` to the end of the payment's period.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta, tzinfo
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID, uuid4

import msgspec

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.audit.entities import NewAuditEntry
from thebot.domain.audit.ports import AuditLog
from thebot.domain.notifications import notices
from thebot.domain.notifications.services import Notifier
from thebot.domain.payments.entities import (
    Billing,
    Due,
    NewPayment,
    Payment,
    PaymentEvent,
    PaymentQuery,
    PaymentStatus,
    Subscription,
    SubscriptionStatus,
)
from thebot.domain.payments.gateway import (
    GatewayRejected,
    GatewayUnavailable,
    NewProviderPayment,
    PaymentGateway,
    PaymentNotFound,
    ProviderPayment,
    ProviderStatus,
    Receipt,
    ReceiptItem,
)
from thebot.domain.payments.ports import PaymentRepository
from thebot.domain.payments.rules import describe, may_move, next_period
from thebot.domain.shared.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    ProviderRefused,
    ProviderUnavailable,
)
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import AfterCommit, Clock, RealtimePublisher

CURRENCY = "RUB"
CLIENT_KEY = re.compile(r"^[0-9A-Za-z+\-_.:]{1,64}$")
RECONCILE_BATCH = 100
# A subscription's declined or unpaid period is tried again (or a new link sent) after a day.
RETRY_CHARGE_AFTER = timedelta(days=1)
WEBHOOK_EVENTS = frozenset(
    {"payment.waiting_for_capture", "payment.succeeded", "payment.canceled", "refund.succeeded"}
)
_TARGET = {
    ProviderStatus.WAITING_FOR_CAPTURE: PaymentStatus.WAITING_FOR_CAPTURE,
    ProviderStatus.SUCCEEDED: PaymentStatus.SUCCEEDED,
    ProviderStatus.CANCELED: PaymentStatus.CANCELED,
}
NO_PAYMENT = "No such payment."
NO_ENROLLMENT = "No such enrollment of your children."


class Transaction(AfterCommit, Protocol):
    async def commit(self) -> None: ...


class ReceiptSettings(msgspec.Struct, frozen=True, kw_only=True):
    """54-FZ receipts: sent with every payment when the shop needs them."""

    vat_code: int
    tax_system_code: int | None = None


class Webhook(msgspec.Struct, frozen=True):
    """The parts of a provider notification we read: which payment to re-read, nothing more."""

    type: str
    event: str
    object: dict[str, Any]


class PaymentService:
    def __init__(
        self,
        *,
        payments: PaymentRepository,
        gateway: PaymentGateway,
        provider: str,
        transaction: Transaction,
        realtime: RealtimePublisher,
        notifier: Notifier,
        audit: AuditLog,
        clock: Clock,
        zone: tzinfo,
        return_url: Callable[[UUID], str],
        receipts: ReceiptSettings | None = None,
    ) -> None:
        self._payments = payments
        self._gateway = gateway
        self._provider = provider
        self._transaction = transaction
        self._realtime = realtime
        self._notifier = notifier
        self._audit = audit
        self._clock = clock
        self._zone = zone
        self._return_url = return_url
        self._receipts = receipts

    # ----- paying -----------------------------------------------------------------------------

    async def open(
        self,
        actor: Principal,
        enrollment_id: UUID,
        *,
        client_key: str | None = None,
        subscribe: bool = False,
    ) -> tuple[Payment, bool]:
        """The payment to make for the enrollment's next period, and whether it is new."""
        if actor.role is not Role.PARENT:
            raise Forbidden("Only a parent pays for their child's subjects.")
        if client_key is not None and not CLIENT_KEY.match(client_key):
            raise Invalid.field(
                "Idempotency-Key", "must be 1 to 64 letters, digits or + - _ . : characters"
            )
        if client_key is not None:
            repeated = await self._payments.by_client_key(actor.id, client_key)
            if repeated is not None:
                if repeated.enrollment_id != enrollment_id:
                    raise Conflict("This Idempotency-Key was already used for another payment.")
                return repeated, False
        billing = await self._payments.billing(enrollment_id, lock=True)
        if billing is None or billing.parent_id != actor.id:
            raise NotFound(NO_ENROLLMENT)
        _check_payable(billing)
        current = await self._payments.open_payment(enrollment_id)
        if current is not None:
            return current, False
        subscription_id = None
        if subscribe:
            subscription_id = await self._subscription_for(billing, actor.id)
        payment = await self._new_payment(billing, actor.id, client_key, subscription_id)
        return payment, True

    async def submit(self, payment_id: UUID) -> Payment:
        """Create the provider payment for a committed pending payment (a no-op once made)."""
        request = await self._provider_request(payment_id)
        if request is not None:
            # No transaction stays open while the provider is called.
            await self._transaction.commit()
            try:
                created = await self._gateway.create(request)
            except GatewayUnavailable as exc:
                raise ProviderUnavailable(
                    "The payment service did not answer. Your payment is kept: "
                    "send the same request again in a minute."
                ) from exc
            except GatewayRejected as exc:
                await self._refused(payment_id, exc)
                await self._transaction.commit()
                raise ProviderRefused(
                    "The payment service refused the payment; nothing was charged."
                ) from exc
            await self.apply(created, source="provider", payment_id=payment_id)
        return await self._existing(payment_id)

    async def apply(
        self, fact: ProviderPayment, *, source: str, payment_id: UUID | None = None
    ) -> Payment | None:
        """Move our payment to the provider's state, forward only and once."""
        if payment_id is None:
            found = await self._payments.by_provider_id(fact.id)
            payment_id = found.id if found else None
        payment = None if payment_id is None else await self._payments.get(payment_id, lock=True)
        if payment is None:
            return None  # not ours (or not any more): nothing to apply
        if payment.provider_payment_id is None:
            await self._payments.set_provider(
                payment.id, fact.id, fact.confirmation_url, self._clock.now()
            )
        elif payment.provider_payment_id != fact.id:
            raise Conflict("The provider's payment is not the one this payment was made with.")
        if fact.amount != payment.amount or fact.currency != payment.currency:
            # Never mark paid what was not paid in full: refuse loudly, apply nothing.
            raise Conflict("The provider's amount differs from the payment's; nothing applied.")
        target = _TARGET.get(fact.status)
        if target is not None and may_move(payment.status, target):
            await self._move(payment, target, source, fact)
        if fact.refunded_amount >= payment.amount > 0:
            current = await self._existing(payment.id)
            if current.status is PaymentStatus.SUCCEEDED:
                await self._move(current, PaymentStatus.REFUNDED, source, fact)
        return await self._existing(payment.id)

    async def webhook(self, body: bytes) -> None:
        """A provider notification: re-read the payment it names and apply what the provider
        says now. A forged or replayed notification can only make us read the truth again."""
        try:
            note = msgspec.json.decode(body, type=Webhook)
        except msgspec.DecodeError as exc:
            raise Invalid("The notification is not a provider notification.") from exc
        if note.type != "notification" or note.event not in WEBHOOK_EVENTS:
            return  # another kind of event: nothing of ours changes
        key = "payment_id" if note.event.startswith("refund.") else "id"
        provider_id = note.object.get(key)
        if not isinstance(provider_id, str) or not provider_id:
            raise Invalid(f"The notification's object has no {key}.")
        known = await self._payments.by_provider_id(provider_id)
        if known is not None:
            await self.refresh(provider_id, source="webhook", payment_id=known.id)
            return
        # Perhaps the notification outran our own create call (a timeout, a slow answer): the
        # provider's copy names our payment in its metadata.
        try:
            fact = await self._gateway.get(provider_id)
        except PaymentNotFound:
            return  # not a payment at all: answered 200 so that the provider stops resending
        except GatewayUnavailable as exc:
            raise ProviderUnavailable("The payment service did not answer; try again.") from exc
        ours = _uuid(fact.metadata.get("payment_id"))
        if ours is not None:
            await self.apply(fact, source="webhook", payment_id=ours)

    async def reconcile(self, older_than: timedelta) -> int:
        """Finish payments left open longer than ``older_than``: create the provider payment
        that was never made, or read what became of it. Returns how many were looked at."""
        stale = await self._payments.stale_open(self._clock.now() - older_than, RECONCILE_BATCH)
        for payment in stale:
            try:
                if payment.provider_payment_id is None:
                    await self.submit(payment.id)
                else:
                    await self.refresh(
                        payment.provider_payment_id, source="reconcile", payment_id=payment.id
                    )
                await self._transaction.commit()
            except (ProviderUnavailable, ProviderRefused, Conflict):
                continue  # the next round tries again; a conflict waits for a person
        return len(stale)

    async def refresh(
        self, provider_id: str, *, source: str, payment_id: UUID | None = None
    ) -> None:
        """Read the provider payment again and apply what it says now (``payment_id``: ours,
        when the caller has it already)."""
        try:
            fact = await self._gateway.get(provider_id)
        except PaymentNotFound:
            found = await (
                self._payments.get(payment_id)
                if payment_id is not None
                else self._payments.by_provider_id(provider_id)
            )
            if (
                found is not None
                and found.is_open
                and await self._payments.move(
                    found.id,
                    found.status,
                    PaymentStatus.CANCELED,
                    self._clock.now(),
                    source=source,
                    detail="unknown to the payment service",
                )
            ):
                await self._notify_payer(found, succeeded=False)
            return
        except GatewayUnavailable as exc:
            raise ProviderUnavailable("The payment service did not answer; try again.") from exc
        await self.apply(fact, source=source, payment_id=payment_id)

    async def refund(self, actor: Principal, payment_id: UUID) -> Payment:
        """Return the whole amount of a succeeded payment (admins)."""
        if actor.role is not Role.ADMIN:
            raise Forbidden("Only administrators refund payments.")
        payment = await self._payments.get(payment_id)
        if payment is None:
            raise NotFound(NO_PAYMENT)
        if payment.status is not PaymentStatus.SUCCEEDED or payment.provider_payment_id is None:
            raise Conflict(
                f"Only a succeeded payment can be refunded; this one is {payment.status}."
            )
        # The request is on record before the provider is asked (a refund made must never go
        # unrecorded, even if this process dies before the answer); the outcome follows it.
        await self._audit_refund(actor, payment, "payment.refund_requested")
        try:
            await self._gateway.refund(
                payment.provider_payment_id,
                payment.amount,
                f"refund-{payment.id}",
                payment.description,
            )
        except GatewayUnavailable as exc:
            await self._audit_refund(actor, payment, "payment.refund_failed", "no answer")
            raise ProviderUnavailable(
                "The payment service did not answer; send the refund again in a minute."
            ) from exc
        except GatewayRejected as exc:
            await self._audit_refund(actor, payment, "payment.refund_failed", exc.description)
            raise ProviderRefused(
                f"The payment service refused the refund: {exc.description}"
            ) from exc
        await self._audit_refund(actor, payment, "payment.refunded")
        await self.refresh(payment.provider_payment_id, source="admin", payment_id=payment.id)
        return await self._existing(payment.id)

    async def _audit_refund(
        self, actor: Principal, payment: Payment, action: str, reason: str | None = None
    ) -> None:
        changes = {"amount": str(payment.amount)} | ({"reason": reason} if reason else {})
        await self._audit.record(
            NewAuditEntry(
                actor_id=actor.id,
                action=action,
                target_id=payment.id,
                changes=changes,
                at=self._clock.now(),
            )
        )
        await self._transaction.commit()

    # ----- reading ----------------------------------------------------------------------------

    async def get(self, actor: Principal, payment_id: UUID) -> tuple[Payment, list[PaymentEvent]]:
        payment = await self._payments.get(payment_id)
        if payment is None or not _may_see(actor, payment):
            raise NotFound(NO_PAYMENT)
        return payment, await self._payments.history(payment_id)

    async def find(self, actor: Principal, query: PaymentQuery, page: PageRequest) -> Page[Payment]:
        if actor.role is Role.PARENT:
            query = msgspec.structs.replace(query, payer_id=actor.id)
        elif actor.role is not Role.ADMIN:
            raise Forbidden("Payments are seen by the parents who pay and by administrators.")
        return await self._payments.find(query, page)

    async def dues(self, actor: Principal) -> list[Due]:
        if actor.role is not Role.PARENT:
            raise Forbidden("What is due is shown to parents.")
        return await self._payments.dues(actor.id, self._today())

    # ----- subscriptions ----------------------------------------------------------------------

    async def subscriptions(self, actor: Principal) -> list[Subscription]:
        if actor.role not in (Role.PARENT, Role.ADMIN):
            raise Forbidden("Subscriptions are seen by the parents who pay and by administrators.")
        return await self._payments.subscriptions_of(
            actor.id if actor.role is Role.PARENT else None
        )

    async def cancel_subscription(self, actor: Principal, subscription_id: UUID) -> Subscription:
        """Stop paying each period; what is paid stays paid to the end of its period."""
        found = await self._payments.subscription(subscription_id)
        allowed = actor.role is Role.ADMIN or (found is not None and found.payer_id == actor.id)
        if found is None or not allowed:
            raise NotFound("No such subscription.")
        if found.status is not SubscriptionStatus.ACTIVE:
            raise Conflict("The subscription is already cancelled.")
        await self._payments.cancel_subscription(subscription_id, self._clock.now())
        cancelled = await self._payments.subscription(subscription_id)
        assert cancelled is not None
        return cancelled

    async def charge_subscriptions(self, ahead: timedelta) -> int:
        """Open (and, with a saved card, charge) the next period of every active subscription
        whose paid period ends within ``ahead``. Returns how many were charged or linked."""
        due = await self._payments.subscriptions_due(
            self._today() + ahead, self._clock.now() - RETRY_CHARGE_AFTER, RECONCILE_BATCH
        )
        done = 0
        for subscription in due:
            billing = await self._payments.billing(subscription.enrollment_id, lock=True)
            if billing is None or billing.parent_id != subscription.payer_id:
                await self._payments.cancel_subscription(subscription.id, self._clock.now())
                await self._transaction.commit()
                continue
            try:
                _check_payable(billing)
            except Conflict:
                continue
            payment = await self._new_payment(billing, subscription.payer_id, None, subscription.id)
            await self._transaction.commit()
            try:
                submitted = await self.submit(payment.id)
            except (ProviderUnavailable, ProviderRefused):
                continue
            if submitted.is_open:
                self._tell(submitted, "payment.due")
            await self._transaction.commit()
            done += 1
        return done

    # ----- inside -----------------------------------------------------------------------------

    async def _new_payment(
        self,
        billing: Billing,
        payer_id: UUID,
        client_key: str | None,
        subscription_id: UUID | None,
    ) -> Payment:
        assert billing.price_per_period is not None
        start, end = next_period(billing.paid_until, self._today(), billing.period_weeks)
        payment_id = uuid4()
        now = self._clock.now()
        await self._payments.add(
            NewPayment(
                id=payment_id,
                enrollment_id=billing.enrollment_id,
                payer_id=payer_id,
                amount=billing.price_per_period,
                currency=CURRENCY,
                period_start=start,
                period_end=end,
                description=describe(billing.subject_name, billing.student_name, start, end),
                provider=self._provider,
                idempotence_key=f"pay-{payment_id}",
                client_key=client_key,
                subscription_id=subscription_id,
                created_at=now,
            )
        )
        return await self._existing(payment_id)

    async def _subscription_for(self, billing: Billing, payer_id: UUID) -> UUID:
        active = await self._payments.active_subscription(billing.enrollment_id)
        if active is not None:
            return active.id
        subscription = Subscription(
            id=uuid4(),
            enrollment_id=billing.enrollment_id,
            payer_id=payer_id,
            status=SubscriptionStatus.ACTIVE,
            has_saved_method=False,
            created_at=self._clock.now(),
            cancelled_at=None,
        )
        await self._payments.add_subscription(subscription)
        return subscription.id

    async def _provider_request(self, payment_id: UUID) -> NewProviderPayment | None:
        payment = await self._existing(payment_id)
        if payment.provider_payment_id is not None or not payment.is_open:
            return None
        billing = await self._payments.billing(payment.enrollment_id)
        assert billing is not None
        method = None
        if payment.subscription_id is not None:
            method = await self._payments.saved_method(payment.subscription_id)
        return NewProviderPayment(
            idempotence_key=payment.idempotence_key,
            amount=payment.amount,
            currency=payment.currency,
            description=payment.description,
            metadata={"payment_id": str(payment.id), "enrollment_id": str(payment.enrollment_id)},
            return_url=None if method else self._return_url(payment.id),
            # A subscription's first payment saves the card for the periods after it.
            save_payment_method=payment.subscription_id is not None and method is None,
            payment_method_id=method,
            receipt=self._receipt(payment, billing),
        )

    def _receipt(self, payment: Payment, billing: Billing) -> Receipt | None:
        if self._receipts is None or not billing.parent_email:
            return None
        return Receipt(
            customer_email=billing.parent_email,
            items=(
                ReceiptItem(
                    description=payment.description,
                    amount=payment.amount,
                    vat_code=self._receipts.vat_code,
                ),
            ),
            tax_system_code=self._receipts.tax_system_code,
        )

    async def _move(
        self, payment: Payment, target: PaymentStatus, source: str, fact: ProviderPayment
    ) -> None:
        now = self._clock.now()
        detail = fact.cancellation_reason if target is PaymentStatus.CANCELED else None
        if not await self._payments.move(
            payment.id, payment.status, target, now, source=source, detail=detail
        ):
            return  # someone else moved it first: their move stands
        if target is PaymentStatus.SUCCEEDED:
            await self._payments.extend_paid_until(payment.enrollment_id, payment.period_end)
            if payment.subscription_id and fact.saved_payment_method_id:
                await self._payments.save_method(
                    payment.subscription_id, fact.saved_payment_method_id
                )
        if target is PaymentStatus.REFUNDED:
            await self._payments.shorten_paid_until(
                payment.enrollment_id,
                payment.period_end,
                payment.period_start - timedelta(days=1),
            )
        moved = await self._existing(payment.id)
        self._tell(moved, f"payment.{target.value}")
        if target in (PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED):
            await self._notify_payer(moved, succeeded=target is PaymentStatus.SUCCEEDED)

    async def _refused(self, payment_id: UUID, exc: GatewayRejected) -> None:
        payment = await self._existing(payment_id)
        if payment.is_open and await self._payments.move(
            payment.id,
            payment.status,
            PaymentStatus.CANCELED,
            self._clock.now(),
            source="provider",
            detail=f"refused: {exc.code}",
        ):
            await self._notify_payer(payment, succeeded=False)

    async def _notify_payer(self, payment: Payment, *, succeeded: bool) -> None:
        """Told once: only the call whose conditional move won comes here."""
        notice = notices.payment_settled(
            payment_id=payment.id,
            succeeded=succeeded,
            subject=payment.subject_name,
            amount=payment.amount,
            currency=payment.currency,
            description=payment.description,
        )
        await self._notifier.notify([payment.payer_id], notice)

    async def _existing(self, payment_id: UUID) -> Payment:
        payment = await self._payments.get(payment_id)
        if payment is None:
            raise NotFound(NO_PAYMENT)
        return payment

    def _tell(self, payment: Payment, event: str) -> None:
        data: Mapping[str, Any] = {
            "payment_id": str(payment.id),
            "enrollment_id": str(payment.enrollment_id),
            "status": payment.status.value,
            "amount": str(payment.amount),
            "confirmation_url": payment.confirmation_url,
        }

        async def publish() -> None:
            await self._realtime.publish_to_users([payment.payer_id], event, data)

        self._transaction.after_commit(publish)

    def _today(self) -> date:
        """Today in the school's time zone: periods are school days."""
        return self._clock.now().astimezone(self._zone).date()


def _check_payable(billing: Billing) -> None:
    if not billing.active:
        raise Conflict("The enrollment has ended; there is nothing to pay.")
    if billing.price_per_period is None or billing.price_per_period <= Decimal("0"):
        raise Conflict("The enrollment has no price yet; the school sets it before payment.")


def _uuid(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


def _may_see(actor: Principal, payment: Payment) -> bool:
    return actor.role is Role.ADMIN or payment.payer_id == actor.id
