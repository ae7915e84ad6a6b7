"""The confirmation pages of the development payment gateway (embedded default only).

They stand in for YooKassa's payment page: the parent sees the amount and what it pays for,
then pays or declines. The result reaches the payment exactly as a provider notification would:
the payment is read again from the gateway and that state applied.
"""

from __future__ import annotations

from html import escape

from litestar import Controller, Response, get, post
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER

from thebot.adapters.dev_payments import DevelopmentGateway
from thebot.domain.payments.gateway import GatewayRejected, PaymentNotFound
from thebot.domain.shared.errors import Conflict, NotFound
from thebot.entrypoints.http.deps import PUBLIC, ContainerDep, UowDep

FORM = {**PUBLIC, "body_media_types": ("application/x-www-form-urlencoded",)}
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Development payment</title></head>
<body><main>
<h1>Development payment</h1>
<p>No money moves here: this page stands in for the payment provider.</p>
<p><strong>{amount} {currency}</strong> &mdash; {description}</p>
<p>Status: {status}</p>
<form method="post" action="{base}/pay"><button type="submit">Pay</button></form>
<form method="post" action="{base}/decline"><button type="submit">Decline</button></form>
</main></body></html>
"""


class DevPaymentController(Controller):
    path = "/payments/dev"
    tags = ["payments"]
    include_in_schema = False

    @get("/{provider_id:str}", opt=PUBLIC, media_type="text/html")
    async def page(self, provider_id: str, container: ContainerDep) -> Response[str]:
        gateway = _gateway(container)
        try:
            payment = await gateway.get(provider_id)
        except PaymentNotFound as exc:
            raise NotFound("No such development payment.") from exc
        base = f"{container.settings.urls.api_base}/payments/dev/{escape(provider_id)}"
        return Response(
            PAGE.format(
                amount=escape(f"{payment.amount:.2f}"),
                currency=escape(payment.currency),
                description=escape(gateway.description(provider_id)),
                status=escape(payment.status.value),
                base=base,
            ),
            media_type="text/html",
        )

    @post("/{provider_id:str}/pay", opt=FORM, status_code=HTTP_303_SEE_OTHER)
    async def pay(self, provider_id: str, container: ContainerDep, uow: UowDep) -> Redirect:
        return await _finish(container, uow, provider_id, pay=True)

    @post("/{provider_id:str}/decline", opt=FORM, status_code=HTTP_303_SEE_OTHER)
    async def decline(self, provider_id: str, container: ContainerDep, uow: UowDep) -> Redirect:
        return await _finish(container, uow, provider_id, pay=False)


async def _finish(container: ContainerDep, uow: UowDep, provider_id: str, *, pay: bool) -> Redirect:
    gateway = _gateway(container)
    try:
        back = gateway.pay(provider_id) if pay else gateway.decline(provider_id)
    except PaymentNotFound as exc:
        raise NotFound("No such development payment.") from exc
    except GatewayRejected as exc:
        raise Conflict(exc.description) from exc
    await container.payment_service(uow).refresh(provider_id, source="dev-gateway")
    await uow.commit()
    return Redirect(back or container.settings.urls.app, status_code=HTTP_303_SEE_OTHER)


def _gateway(container: ContainerDep) -> DevelopmentGateway:
    gateway = container.payment_gateway
    if not isinstance(gateway, DevelopmentGateway):
        raise NotFound("Nothing is here.")
    return gateway
