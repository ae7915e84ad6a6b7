"""Payments: parents pay, the provider notifies, admins see everything and refund."""

from __future__ import annotations

import functools
import ipaddress
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromQuery, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from thebot.bootstrap import Container
from thebot.domain.payments.entities import PaymentQuery, PaymentStatus
from thebot.domain.shared.errors import Forbidden
from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import (
    BEARER,
    PUBLIC,
    ContainerDep,
    PrincipalDep,
    UowDep,
    client_address,
)
from thebot.entrypoints.http.paging import Limit, Offset
from thebot.entrypoints.http.schemas.payments import (
    DueOut,
    PaymentCreate,
    PaymentOut,
    PaymentPageOut,
    PaymentStarted,
    SubscriptionOut,
)

IdempotencyKey = Annotated[
    str | None,
    Parameter(
        header="Idempotency-Key",
        max_length=64,
        description="Repeat the same key to get the same payment back (a double click pays once).",
    ),
]


class PaymentController(Controller):
    path = "/payments"
    tags = ["payments"]
    security = BEARER

    @post(
        "",
        operation_id="createPayment",
        status_code=HTTP_201_CREATED,
        responses={
            HTTP_200_OK: ResponseSpec(
                PaymentStarted, description="The open payment of the enrollment (or of the key)"
            )
        },
    )
    async def create_payment(
        self,
        data: JSONBody[PaymentCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[PaymentStarted]:
        """Pay for a child's enrollment: the next period at the enrollment's price. Answers the
        provider's confirmation URL to send the parent to. 201 for a new payment; 200 with the
        open one when the enrollment already has one or the ``Idempotency-Key`` was seen."""
        service = container.payment_service(uow)
        payment, created = await service.open(
            principal, data.enrollment_id, client_key=idempotency_key, subscribe=data.subscribe
        )
        await uow.commit()
        payment = await service.submit(payment.id)
        await uow.commit()
        out = PaymentOut.of(payment)
        return Response(
            PaymentStarted(payment=out, confirmation_url=out.confirmation_url),
            status_code=HTTP_201_CREATED if created else HTTP_200_OK,
        )

    @get("", operation_id="listPayments")
    async def list_payments(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        status: FromQuery[PaymentStatus | None] = None,
        student_id: FromQuery[UUID | None] = None,
        enrollment_id: FromQuery[UUID | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> PaymentPageOut:
        """Payments newest first: a parent's own, every payment for administrators."""
        page = await container.payment_service(uow).find(
            principal,
            PaymentQuery(status=status, student_id=student_id, enrollment_id=enrollment_id),
            PageRequest(limit=limit, offset=offset),
        )
        return PaymentPageOut(
            items=[PaymentOut.of(p) for p in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @get("/due", operation_id="listPaymentsDue")
    async def list_due(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> list[DueOut]:
        """Each active enrollment of the parent's children: price, paid period and state
        (``paid``, ``due`` within 7 days, ``overdue``, ``awaiting_payment``, ``no_payment``)."""
        return [DueOut.of(d) for d in await container.payment_service(uow).dues(principal)]

    @get("/{payment_id:uuid}", operation_id="getPayment")
    async def get_payment(
        self, payment_id: UUID, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> PaymentOut:
        """One payment with every status change (its payer and administrators)."""
        payment, history = await container.payment_service(uow).get(principal, payment_id)
        return PaymentOut.of(payment, history)

    @post("/{payment_id:uuid}/refund", operation_id="refundPayment", status_code=HTTP_200_OK)
    async def refund_payment(
        self, payment_id: UUID, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> PaymentOut:
        """Refund a succeeded payment in full (administrators). The payment shows ``refunded``
        once the provider confirms it, and the enrollment loses the refunded period."""
        payment = await container.payment_service(uow).refund(principal, payment_id)
        await uow.commit()
        return PaymentOut.of(payment)


class SubscriptionController(Controller):
    path = "/subscriptions"
    tags = ["payments"]
    security = BEARER

    @get("", operation_id="listSubscriptions")
    async def list_subscriptions(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> list[SubscriptionOut]:
        """A parent's subscriptions (every one for administrators), newest first."""
        found = await container.payment_service(uow).subscriptions(principal)
        return [SubscriptionOut.of(s) for s in found]

    @delete("/{subscription_id:uuid}", operation_id="cancelSubscription", status_code=HTTP_200_OK)
    async def cancel_subscription(
        self,
        subscription_id: UUID,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> SubscriptionOut:
        """Stop paying each period; the paid period stays paid to its end."""
        cancelled = await container.payment_service(uow).cancel_subscription(
            principal, subscription_id
        )
        await uow.commit()
        return SubscriptionOut.of(cancelled)


@post(
    "/payments/webhooks/yookassa",
    operation_id="receiveYookassaNotification",
    tags=["payments"],
    status_code=HTTP_200_OK,
    opt=PUBLIC,
)
async def receive_yookassa_notification(
    request: Request[Any, Any, Any], container: ContainerDep, uow: UowDep
) -> None:
    """YooKassa's HTTP notification. Its body is never trusted: the payment it names is read
    again from YooKassa and that state applied. Unknown payments and events answer 200 (so
    YooKassa stops resending); 503 when YooKassa cannot be read (it resends later)."""
    _check_sender(container, client_address(request))
    await container.payment_service(uow).webhook(await request.body())
    await uow.commit()


def _check_sender(container: Container, address: str | None) -> None:
    """Only YooKassa's published networks (and loopback outside production) may notify."""
    settings = container.settings
    try:
        sender = ipaddress.ip_address(address or "")
    except ValueError as exc:
        raise Forbidden("Notifications come from the payment service only.") from exc
    if sender.is_loopback and not settings.is_production:
        return
    if not any(sender in network for network in _networks(settings.yookassa_webhook_networks)):
        raise Forbidden("Notifications come from the payment service only.")


@functools.cache
def _networks(
    written: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The allowed networks, parsed once (settings have checked that each parses)."""
    return tuple(ipaddress.ip_network(n, strict=False) for n in written)
