"""The YooKassa adapter against the fake YooKassa server, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
import threading
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import msgspec
import pytest
import structlog

from tests.fakes.yookassa import SECRET_KEY, SHOP_ID, FakeYooKassa
from thebot.adapters.yookassa import YooKassaGateway
from thebot.domain.payments.gateway import (
    GatewayRejected,
    GatewayUnavailable,
    NewProviderPayment,
    PaymentNotFound,
    ProviderStatus,
    Receipt,
    ReceiptItem,
)

TIMEOUT = 0.5
KEY = "pay-5b7c1e9a-1f0e-4d7b-9a57-3c2e8d6f4a10"
RETURN_URL = "https://school.example/dashboard/parent/payment-success?payment_id=42"
METADATA = {"payment_id": "42", "subject_payment_id": "7"}


class Sleeps:
    """The gateway's sleep: records each wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def fake() -> Iterator[FakeYooKassa]:
    with FakeYooKassa() as server:
        yield server


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def gateway(fake: FakeYooKassa, sleeps: Sleeps) -> AsyncIterator[YooKassaGateway]:
    gateway = YooKassaGateway(fake.api_url, SHOP_ID, SECRET_KEY, TIMEOUT, sleep=sleeps)
    yield gateway
    await gateway.close()


def new_payment(**overrides: Any) -> NewProviderPayment:
    values: dict[str, Any] = {
        "idempotence_key": KEY,
        "amount": Decimal("1500"),
        "currency": "RUB",
        "description": "Maths, 4 lessons",
        "metadata": METADATA,
        "return_url": RETURN_URL,
    }
    values.update(overrides)
    return NewProviderPayment(**values)


def posts(fake: FakeYooKassa) -> list[tuple[str, int]]:
    return [(r.idempotence_key or "", r.status) for r in fake.requests if r.method == "POST"]


def receipt(*amounts: str, vat_code: int = 1) -> Receipt:
    items = tuple(
        ReceiptItem(description=f"Lesson {n}", amount=Decimal(value), vat_code=vat_code)
        for n, value in enumerate(amounts, 1)
    )
    return Receipt(customer_email="parent@example.com", items=items, tax_system_code=2)


async def test_create_sends_yookassas_body_and_headers(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    payment = await gateway.create(new_payment(receipt=receipt("1000", "500")))

    [request] = fake.requests
    assert (request.method, request.path, request.status) == ("POST", "/v3/payments", 200)
    credentials = base64.b64encode(f"{SHOP_ID}:{SECRET_KEY}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {credentials}"
    assert request.headers["idempotence-key"] == KEY
    assert request.headers["content-type"] == "application/json"
    item = {"quantity": "1.00", "vat_code": 1, "payment_subject": "service"}
    item["payment_mode"] = "full_prepayment"
    assert request.body == {
        "amount": {"value": "1500.00", "currency": "RUB"},
        "capture": True,
        "confirmation": {"type": "redirect", "return_url": RETURN_URL},
        "description": "Maths, 4 lessons",
        "metadata": METADATA,
        "receipt": {
            "customer": {"email": "parent@example.com"},
            "items": [
                {"description": "Lesson 1", "amount": {"value": "1000.00", "currency": "RUB"}}
                | item,
                {"description": "Lesson 2", "amount": {"value": "500.00", "currency": "RUB"}}
                | item,
            ],
            "tax_system_code": 2,
        },
    }
    assert payment.id in fake.payments
    assert (payment.status, payment.paid) == (ProviderStatus.PENDING, False)
    assert (payment.amount, payment.currency) == (Decimal("1500.00"), "RUB")
    assert (
        payment.confirmation_url
        == f"{fake.base_url}/checkout/payments/v2/contract?orderId={payment.id}"
    )
    assert payment.metadata == METADATA
    assert (payment.refunded_amount, payment.saved_payment_method_id) == (Decimal(0), None)
    assert fake.payments[payment.id]["test"] is True


async def test_a_payment_without_return_url_or_saved_method_is_not_sent(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    with pytest.raises(ValueError, match="return_url"):
        await gateway.create(new_payment(return_url=None))

    assert fake.requests == []


async def test_a_500_after_the_payment_was_made_returns_that_payment_on_the_retry(
    fake: FakeYooKassa, gateway: YooKassaGateway, sleeps: Sleeps
) -> None:
    fake.fail_next(1, applied=True)

    payment = await gateway.create(new_payment())

    assert list(fake.payments) == [payment.id]
    assert posts(fake) == [(KEY, 500), (KEY, 200)]
    assert sleeps.waits == [0.5]


async def test_a_500_before_anything_was_made_creates_one_payment_on_the_retry(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    fake.fail_next(2, applied=False)

    payment = await gateway.create(new_payment())

    assert list(fake.payments) == [payment.id]
    assert posts(fake) == [(KEY, 500), (KEY, 500), (KEY, 200)]


async def test_202_is_retried_with_the_same_key_after_retry_after(
    fake: FakeYooKassa, gateway: YooKassaGateway, sleeps: Sleeps
) -> None:
    fake.processing_next(1, retry_after_ms=1800)

    payment = await gateway.create(new_payment())

    assert list(fake.payments) == [payment.id]
    assert posts(fake) == [(KEY, 202), (KEY, 200)]
    assert sleeps.waits == [1.8]


async def test_429_is_retried_with_the_same_key_after_retry_after_capped(
    fake: FakeYooKassa, gateway: YooKassaGateway, sleeps: Sleeps
) -> None:
    fake.rate_limit_next(1, retry_after_ms=300)
    fake.rate_limit_next(1, retry_after_ms=600_000)

    payment = await gateway.create(new_payment())

    assert list(fake.payments) == [payment.id]
    assert posts(fake) == [(KEY, 429), (KEY, 429), (KEY, 200)]
    assert sleeps.waits == [0.3, 5.0]


async def test_no_answer_is_retried_then_unavailable_and_makes_one_payment(
    fake: FakeYooKassa, gateway: YooKassaGateway, sleeps: Sleeps
) -> None:
    fake.hang_next(3, seconds=TIMEOUT * 2)

    with pytest.raises(GatewayUnavailable, match=r"no answer.*after 3 attempts"):
        await gateway.create(new_payment())

    assert [key for key, _ in posts(fake)] == [KEY, KEY, KEY]
    assert len(fake.payments) == 1
    assert sleeps.waits == [0.5, 1.0]
    # Later, the same intent with the same key finds the payment YooKassa made.
    payment = await gateway.create(new_payment())
    assert list(fake.payments) == [payment.id]


async def test_500_on_every_try_is_unavailable(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    fake.fail_next(3)

    with pytest.raises(GatewayUnavailable, match="500 internal_server_error"):
        await gateway.create(new_payment())

    assert len(fake.requests) == 3
    assert fake.payments == {}


async def test_yookassa_down_is_unavailable(fake: FakeYooKassa, gateway: YooKassaGateway) -> None:
    fake.stop()

    with pytest.raises(GatewayUnavailable, match="ConnectError"):
        await gateway.get("2f3b588d-000f-5000-8000-1d6e87c7fbde")


@pytest.mark.parametrize(
    ("overrides", "parameter"),
    [
        ({"description": "x" * 129}, "description"),
        ({"metadata": {f"key{n}": "v" for n in range(17)}}, "metadata"),
        ({"return_url": "ftp://school.example"}, "confirmation.return_url"),
        ({"amount": Decimal("0")}, "amount.value"),
        ({"currency": "ZZZ"}, "amount.currency"),
        ({"receipt": receipt("1000")}, "receipt.items"),
        ({"receipt": receipt("1500", vat_code=13)}, "receipt.items[0].vat_code"),
        ({"payment_method_id": "2f3b588d-000f-5000-8000-1d6e87c7fbde"}, "payment_method_id"),
    ],
)
async def test_an_invalid_payment_is_rejected_without_a_retry(
    fake: FakeYooKassa,
    gateway: YooKassaGateway,
    sleeps: Sleeps,
    overrides: dict[str, Any],
    parameter: str,
) -> None:
    with pytest.raises(GatewayRejected) as caught:
        await gateway.create(new_payment(**overrides))

    assert (caught.value.code, caught.value.parameter) == ("invalid_request", parameter)
    assert posts(fake) == [(KEY, 400)]
    assert sleeps.waits == []
    assert fake.payments == {}


async def test_wrong_credentials_are_rejected_without_the_secret_anywhere(
    fake: FakeYooKassa,
) -> None:
    wrong = "test_wrong-secret-key"
    with structlog.testing.capture_logs() as logs:
        gateway = YooKassaGateway(fake.api_url, SHOP_ID, wrong, TIMEOUT)
        try:
            with pytest.raises(GatewayRejected) as caught:
                await gateway.create(new_payment())
        finally:
            await gateway.close()

    assert (caught.value.code, caught.value.parameter) == ("invalid_credentials", "Authorization")
    assert len(fake.requests) == 1
    for text in (str(caught.value), repr(caught.value), repr(gateway), repr(logs)):
        assert wrong not in text


async def test_the_secret_is_in_no_log_line_or_error_when_retrying(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    fake.fail_next(3)
    with structlog.testing.capture_logs() as logs, pytest.raises(GatewayUnavailable) as caught:
        await gateway.get("2f3b588d-000f-5000-8000-1d6e87c7fbde")

    assert [log["event"] for log in logs] == ["yookassa.retry", "yookassa.retry"]
    for text in (str(caught.value), repr(caught.value), repr(gateway), repr(logs)):
        assert SECRET_KEY not in text


async def test_get_reads_the_payment_now_retrying_a_500(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    created = await gateway.create(new_payment())
    fake.succeed(created.id)
    fake.fail_next(1)

    payment = await gateway.get(created.id)

    assert (payment.status, payment.paid, payment.confirmation_url) == (
        ProviderStatus.SUCCEEDED,
        True,
        None,
    )
    assert [r.status for r in fake.requests if r.method == "GET"] == [500, 200]
    assert fake.requests[-1].idempotence_key is None


async def test_get_of_an_unknown_payment_is_not_found(gateway: YooKassaGateway) -> None:
    with pytest.raises(PaymentNotFound):
        await gateway.get("2f3b588d-000f-5000-8000-1d6e87c7fbde")


async def test_cancel_works_only_from_waiting_for_capture(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    created = await gateway.create(new_payment())

    with pytest.raises(GatewayRejected) as caught:
        await gateway.cancel(created.id, "cancel-42")
    assert caught.value.code == "invalid_request"

    fake.wait_for_capture(created.id)
    payment = await gateway.cancel(created.id, "cancel-42")

    assert (payment.status, payment.paid) == (ProviderStatus.CANCELED, False)
    assert payment.cancellation_reason == "canceled_by_merchant"
    request = fake.requests[-1]
    assert (request.path, request.idempotence_key, request.body) == (
        f"/v3/payments/{created.id}/cancel",
        "cancel-42",
        None,
    )


async def test_refunds_partial_then_the_rest_and_no_more(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    created = await gateway.create(new_payment())
    fake.succeed(created.id)

    first = await gateway.refund(created.id, Decimal("500"), "refund-1", "Two lessons missed")
    assert fake.requests[-1].body == {
        "payment_id": created.id,
        "amount": {"value": "500.00", "currency": "RUB"},
        "description": "Two lessons missed",
    }
    assert (first.payment_id, first.status, first.amount) == (created.id, "succeeded", Decimal(500))
    assert (await gateway.get(created.id)).refunded_amount == Decimal("500.00")

    rest = await gateway.refund(created.id, Decimal("1000"), "refund-2", "The rest")
    assert rest.id != first.id
    assert (await gateway.get(created.id)).refunded_amount == Decimal("1500.00")

    with pytest.raises(GatewayRejected) as caught:
        await gateway.refund(created.id, Decimal("0.01"), "refund-3", "Too much")
    assert (caught.value.code, caught.value.parameter) == ("invalid_request", "amount.value")
    assert len(fake.refunds) == 2


async def test_a_saved_method_is_charged_without_confirmation(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    first = await gateway.create(new_payment(save_payment_method=True))
    assert fake.requests[-1].body["save_payment_method"] is True
    assert (await gateway.get(first.id)).saved_payment_method_id is None
    fake.succeed(first.id)
    method_id = (await gateway.get(first.id)).saved_payment_method_id
    assert method_id is not None

    renewal = await gateway.create(
        new_payment(idempotence_key="pay-renewal", return_url=None, payment_method_id=method_id)
    )

    body = fake.requests[-1].body
    assert "confirmation" not in body
    assert body["payment_method_id"] == method_id
    assert (renewal.status, renewal.paid, renewal.confirmation_url) == (
        ProviderStatus.SUCCEEDED,
        True,
        None,
    )


async def test_a_revoked_method_cancels_the_payment(
    fake: FakeYooKassa, gateway: YooKassaGateway
) -> None:
    first = await gateway.create(new_payment(save_payment_method=True))
    method_id = fake.succeed(first.id)["payment_method"]["id"]
    fake.revoke_method(method_id)

    renewal = await gateway.create(
        new_payment(idempotence_key="pay-renewal", return_url=None, payment_method_id=method_id)
    )

    assert (renewal.status, renewal.cancellation_reason) == (
        ProviderStatus.CANCELED,
        "permission_revoked",
    )


# ----- the fake itself ----------------------------------------------------------------------


async def test_the_fake_wants_an_idempotence_key_and_one_body_per_key(
    fake: FakeYooKassa,
) -> None:
    body = {
        "amount": {"value": "100.00", "currency": "RUB"},
        "capture": True,
        "confirmation": {"type": "redirect", "return_url": RETURN_URL},
    }
    async with httpx.AsyncClient(base_url=fake.api_url, auth=(SHOP_ID, SECRET_KEY)) as client:
        keyless = await client.post("/payments", json=body)
        first = await client.post("/payments", json=body, headers={"Idempotence-Key": "k-1"})
        again = await client.post("/payments", json=body, headers={"Idempotence-Key": "k-1"})
        other = {**body, "amount": {"value": "200.00", "currency": "RUB"}}
        clash = await client.post("/payments", json=other, headers={"Idempotence-Key": "k-1"})

    assert keyless.status_code == 400
    assert keyless.json()["code"] == "invalid_request"
    assert keyless.json()["parameter"] == "Idempotence-Key"
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert clash.status_code == 400
    assert {k: v for k, v in clash.json().items() if k != "id"} == {
        "type": "error",
        "code": "invalid_request",
        "description": "Idempotence key duplicated",
        "parameter": "Idempotence-Key",
    }
    assert len(fake.payments) == 1


class WebhookReceiver:
    """Our side of YooKassa's notifications: records bodies, answers ``answers`` then 200."""

    def __init__(self) -> None:
        self.bodies: list[Any] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.bodies.append(msgspec.json.decode(body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/yookassa"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    thread = threading.Thread(target=receiver.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


async def test_the_fake_notifies_each_change_and_redelivers_until_200(
    fake: FakeYooKassa, gateway: YooKassaGateway, receiver: WebhookReceiver
) -> None:
    fake.webhook_url = receiver.url
    receiver.answers = [500, 503]
    created = await gateway.create(new_payment())

    paid = fake.succeed(created.id)
    refund = fake.refund(created.id, Decimal("100"))
    await fake.webhooks_delivered()

    assert [(w.event, w.statuses) for w in fake.webhooks] == [
        ("payment.succeeded", [500, 503, 200]),
        ("refund.succeeded", [200]),
    ]
    assert receiver.bodies[2:] == [
        {"type": "notification", "event": "payment.succeeded", "object": paid},
        {"type": "notification", "event": "refund.succeeded", "object": refund},
    ]
    assert receiver.bodies[0] == receiver.bodies[2]
    assert refund["payment_id"] == created.id
