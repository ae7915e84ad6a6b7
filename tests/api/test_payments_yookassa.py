"""Payments through YooKassa (a local fake that follows its API v3 over real HTTP): what we
send, notifications trusted only after re-reading the payment, retries with the same key,
a provider that is down, the reconciler, refunds and saved-card subscriptions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from litestar import Litestar

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.payment_helpers import PAYMENTS, paid_until, pay, priced, read, started
from tests.fakes.clock import FakeClock
from tests.fakes.yookassa import SECRET_KEY, SHOP_ID, FakeYooKassa
from thebot.adapters.yookassa import YooKassaGateway
from thebot.bootstrap import Container
from thebot.config import Settings
from thebot.entrypoints.jobs import charge_subscriptions, reconcile_payments

WEBHOOK = f"{PAYMENTS}/webhooks/yookassa"
ANN_MATHS = "ann:Mathematics:teo"
YOOKASSA_SENDER = ("77.75.153.10", 443)  # inside YooKassa's published 77.75.153.0/25


async def no_wait(_: float) -> None:
    return None


@pytest.fixture
def fake() -> Iterator[FakeYooKassa]:
    with FakeYooKassa() as server:
        yield server


@pytest.fixture
def settings(make_settings: Callable[..., Settings], fake: FakeYooKassa) -> Settings:
    return make_settings(
        payment_gateway="yookassa",
        yookassa_shop_id=SHOP_ID,
        yookassa_secret_key=SECRET_KEY,
        yookassa_api_url=fake.api_url,
        yookassa_receipts=True,
    )


@pytest.fixture
async def school(client: Client, container: Container, fake: FakeYooKassa) -> School:
    # The same gateway, but retries do not sit out their waits in tests.
    await container.payment_gateway.close()
    container.payment_gateway = YooKassaGateway(
        fake.api_url, SHOP_ID, SECRET_KEY, 0.5, sleep=no_wait
    )
    return await build_school(client, container)


@pytest.fixture
async def yookassa(app: Litestar, client: Client) -> AsyncIterator[Client]:
    """A client calling from YooKassa's network (the app is already started by ``client``)."""
    transport = httpx.ASGITransport(app=app, client=YOOKASSA_SENDER)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as sender:
        yield sender


def notification(fake: FakeYooKassa, provider_id: str, event: str) -> dict[str, Any]:
    """The notification YooKassa sends for the payment as it is now."""
    return {"type": "notification", "event": event, "object": fake.payment(provider_id)}


async def paid_through_yookassa(
    school: School, fake: FakeYooKassa, yookassa: Client
) -> tuple[dict[str, Any], str]:
    """Paula's payment for Ann's mathematics, succeeded at YooKassa and notified: (ours, its id)."""
    enrollment = await priced(school, ANN_MATHS)
    payment = await started(school, "paula", enrollment)
    [provider_id] = list(fake.payments)
    fake.succeed(provider_id)
    await yookassa.post(WEBHOOK, json=notification(fake, provider_id, "payment.succeeded"))
    return payment, provider_id


def created_at_fake(fake: FakeYooKassa) -> list[Any]:
    return [r for r in fake.requests if r.method == "POST" and r.path.endswith("/payments")]


async def test_what_we_send_and_a_notification_is_believed_only_after_re_reading(
    school: School, fake: FakeYooKassa, yookassa: Client
) -> None:
    enrollment = await priced(school, ANN_MATHS)
    payment = await started(school, "paula", enrollment)
    [sent] = created_at_fake(fake)
    assert sent.idempotence_key == f"pay-{payment['id']}"
    assert sent.headers["authorization"].startswith("Basic ")
    assert sent.body["amount"] == {"value": "1500.00", "currency": "RUB"}
    assert sent.body["capture"] is True
    assert sent.body["confirmation"] == {
        "type": "redirect",
        "return_url": f"http://127.0.0.1:8000/payments/{payment['id']}",
    }
    assert sent.body["description"] == payment["description"]
    assert sent.body["metadata"] == {"payment_id": payment["id"], "enrollment_id": enrollment}
    assert sent.body["receipt"]["customer"] == {"email": "paula@school.test"}
    [item] = sent.body["receipt"]["items"]
    assert (item["amount"], item["vat_code"], item["quantity"]) == (
        {"value": "1500.00", "currency": "RUB"},
        1,
        "1.00",
    )
    [provider_id] = list(fake.payments)
    assert payment["confirmation_url"].startswith(fake.base_url)

    # A forged "succeeded" for a payment YooKassa still holds as pending changes nothing.
    forged = notification(fake, provider_id, "payment.succeeded")
    forged["object"]["status"] = "succeeded"
    assert (await yookassa.post(WEBHOOK, json=forged)).status_code == 200
    assert (await read(school, "paula", payment["id"])).json()["status"] == "pending"

    fake.succeed(provider_id)
    real = notification(fake, provider_id, "payment.succeeded")
    for _ in range(2):  # YooKassa resends until it gets a 200: a replay applies nothing twice
        assert (await yookassa.post(WEBHOOK, json=real)).status_code == 200
    body = (await read(school, "paula", payment["id"])).json()
    assert body["status"] == "succeeded"
    assert [e["to_status"] for e in body["history"]] == ["pending", "succeeded"]
    assert body["history"][1]["source"] == "webhook"
    assert await paid_until(school, enrollment) == "2026-12-22"


async def test_notifications_we_cannot_use(school: School, yookassa: Client) -> None:
    unknown = {
        "type": "notification",
        "event": "payment.succeeded",
        "object": {"id": "2f3b588d-000f-5000-8000-1d6e87c7fbde"},
    }
    assert (await yookassa.post(WEBHOOK, json=unknown)).status_code == 200  # not ours: ignored
    other = {"type": "notification", "event": "payout.succeeded", "object": {"id": "x"}}
    assert (await yookassa.post(WEBHOOK, json=other)).status_code == 200
    for body in ({"type": "notification"}, {"event": "payment.succeeded", "object": []}):
        assert_problem(await yookassa.post(WEBHOOK, json=body), 400)
    no_id = {"type": "notification", "event": "payment.succeeded", "object": {}}
    assert_problem(await yookassa.post(WEBHOOK, json=no_id), 400)
    assert_problem(
        await yookassa.post(
            WEBHOOK, content=b"{not json", headers={"Content-Type": "application/json"}
        ),
        400,
    )


async def test_concurrent_notifications_apply_the_success_once(
    school: School, fake: FakeYooKassa, yookassa: Client
) -> None:
    enrollment = await priced(school, ANN_MATHS)
    payment = await started(school, "paula", enrollment)
    [provider_id] = list(fake.payments)
    fake.succeed(provider_id)
    real = notification(fake, provider_id, "payment.succeeded")
    answers = await asyncio.gather(*(yookassa.post(WEBHOOK, json=real) for _ in range(5)))
    assert {a.status_code for a in answers} <= {200, 503}
    history = (await read(school, "paula", payment["id"])).json()["history"]
    assert [e["to_status"] for e in history] == ["pending", "succeeded"]
    assert await paid_until(school, enrollment) == "2026-12-22"  # one period, not five


async def test_a_provider_that_does_not_answer_costs_a_503_and_never_a_second_payment(
    school: School, fake: FakeYooKassa, container: Container, clock: FakeClock
) -> None:
    enrollment = await priced(school, ANN_MATHS)
    fake.fail_next(3, applied=True)  # YooKassa made the payment, but we never heard of it
    first = await pay(school, "paula", enrollment, key="click")
    assert_problem(first, 503)
    listed = (await school.client.get(PAYMENTS, headers=school["paula"].headers)).json()
    [kept] = listed["items"]
    assert (kept["status"], kept["confirmation_url"]) == ("pending", None)

    again = await pay(school, "paula", enrollment, key="click")  # the parent tries again
    assert again.status_code == 200, again.text
    assert again.json()["payment"]["id"] == kept["id"]
    assert again.json()["confirmation_url"].startswith(fake.base_url)
    assert len(fake.payments) == 1
    keys = {r.idempotence_key for r in created_at_fake(fake)}
    assert keys == {f"pay-{kept['id']}"}

    # Down altogether: the reconciler makes the payment once YooKassa is back.
    bob = await priced(school, "bob:Mathematics:teo")
    fake.stop()
    assert_problem(await pay(school, "paula", bob), 503)
    fake.start()
    clock.advance(minutes=6)
    await school.sign_in_again()
    assert await reconcile_payments({"container": container}) == 2
    assert len(fake.payments) == 2
    bobs = (
        await school.client.get(
            PAYMENTS, params={"enrollment_id": bob}, headers=school["paula"].headers
        )
    ).json()["items"]
    assert bobs[0]["confirmation_url"].startswith(fake.base_url)


async def test_the_reconciler_finishes_a_payment_whose_notification_was_lost(
    school: School, fake: FakeYooKassa, container: Container, clock: FakeClock
) -> None:
    enrollment = await priced(school, ANN_MATHS)
    payment = await started(school, "paula", enrollment)
    other = await started(school, "paula", await priced(school, "bob:Mathematics:teo"))
    first, second = list(fake.payments)
    fake.succeed(first)
    fake.cancel(second, reason="insufficient_funds")
    assert await reconcile_payments({"container": container}) == 0  # not old enough yet
    clock.advance(minutes=6)
    await school.sign_in_again()
    assert await reconcile_payments({"container": container}) == 2
    paid = (await read(school, "paula", payment["id"])).json()
    assert (paid["status"], paid["history"][-1]["source"]) == ("succeeded", "reconcile")
    failed = (await read(school, "paula", other["id"])).json()
    assert (failed["status"], failed["cancellation_reason"]) == ("canceled", "insufficient_funds")
    assert await paid_until(school, enrollment) == "2026-12-22"


async def test_a_notification_while_yookassa_cannot_be_read_answers_503(
    school: School, fake: FakeYooKassa, yookassa: Client
) -> None:
    await started(school, "paula", await priced(school, ANN_MATHS))
    [provider_id] = list(fake.payments)
    fake.succeed(provider_id)
    real = notification(fake, provider_id, "payment.succeeded")
    fake.stop()
    assert_problem(await yookassa.post(WEBHOOK, json=real), 503)  # YooKassa will resend
    fake.start()
    assert (await yookassa.post(WEBHOOK, json=real)).status_code == 200


async def test_an_admin_refund_goes_through_yookassa(
    school: School, fake: FakeYooKassa, yookassa: Client
) -> None:
    payment, provider_id = await paid_through_yookassa(school, fake, yookassa)
    refunded = await school.client.post(
        f"{PAYMENTS}/{payment['id']}/refund", headers=school["admin"].headers
    )
    assert refunded.status_code == 200, refunded.text
    assert refunded.json()["status"] == "refunded"
    [refund] = fake.refunds.values()
    assert refund["amount"] == {"value": "1500.00", "currency": "RUB"}
    assert Decimal(fake.payment(provider_id)["refunded_amount"]["value"]) == Decimal("1500.00")
    note = {"type": "notification", "event": "refund.succeeded", "object": refund}
    assert (await yookassa.post(WEBHOOK, json=note)).status_code == 200
    history = (await read(school, "admin", payment["id"])).json()["history"]
    assert [e["to_status"] for e in history] == ["pending", "succeeded", "refunded"]


async def test_a_refund_yookassa_does_not_answer_is_503_and_on_record_as_failed(
    school: School, fake: FakeYooKassa, yookassa: Client
) -> None:
    payment, _ = await paid_through_yookassa(school, fake, yookassa)
    fake.fail_next(10)  # every retry of the refund call is refused before it is carried out
    admin = school["admin"].headers
    refused = await school.client.post(f"{PAYMENTS}/{payment['id']}/refund", headers=admin)

    assert_problem(refused, 503)
    assert fake.refunds == {}
    assert (await read(school, "admin", payment["id"])).json()["status"] == "succeeded"
    audit = await school.client.get(
        "/api/v1/admin/audit", params={"target_id": payment["id"]}, headers=admin
    )
    entries = {e["action"]: e["changes"] for e in audit.json()["items"]}
    assert set(entries) == {"payment.refund_requested", "payment.refund_failed"}
    assert entries["payment.refund_failed"] == {"amount": "1500.00", "reason": "no answer"}


async def test_a_subscription_saves_the_card_and_charges_it_without_the_parent(
    school: School, fake: FakeYooKassa, yookassa: Client, container: Container, clock: FakeClock
) -> None:
    enrollment = await priced(school, ANN_MATHS)
    await started(school, "paula", enrollment, subscribe=True)
    [first] = created_at_fake(fake)
    assert first.body["save_payment_method"] is True
    [provider_id] = list(fake.payments)
    fake.succeed(provider_id)
    await yookassa.post(WEBHOOK, json=notification(fake, provider_id, "payment.succeeded"))
    [subscription] = (
        await school.client.get("/api/v1/subscriptions", headers=school["paula"].headers)
    ).json()
    assert subscription["automatic"] is True

    clock.advance(hours=24 * 27)
    await school.sign_in_again()
    assert await charge_subscriptions({"container": container}) == 1
    second = created_at_fake(fake)[-1]
    assert "confirmation" not in second.body  # a saved card: no page for the parent
    assert second.body["payment_method_id"] == fake.payment(provider_id)["payment_method"]["id"]
    assert await paid_until(school, enrollment) == "2027-01-19"


async def test_a_notification_that_outruns_our_create_call_still_applies(
    school: School, fake: FakeYooKassa, yookassa: Client
) -> None:
    enrollment = await priced(school, ANN_MATHS)
    fake.fail_next(3, applied=True)  # YooKassa has the payment; we never heard its id
    assert_problem(await pay(school, "paula", enrollment), 503)
    [provider_id] = list(fake.payments)
    fake.succeed(provider_id)  # the parent paid on a page we never showed? YooKassa says so
    note = notification(fake, provider_id, "payment.succeeded")
    assert (await yookassa.post(WEBHOOK, json=note)).status_code == 200
    [payment] = (await school.client.get(PAYMENTS, headers=school["paula"].headers)).json()["items"]
    assert payment["status"] == "succeeded"
    assert await paid_until(school, enrollment) == "2026-12-22"


async def test_the_parent_hears_of_the_success_on_their_socket(
    app: Litestar, school: School, fake: FakeYooKassa, yookassa: Client
) -> None:
    from tests.api.socket_helpers import serving, socket_of

    payment = await started(school, "paula", await priced(school, ANN_MATHS))
    [provider_id] = list(fake.payments)
    fake.succeed(provider_id)
    async with serving(app) as server, socket_of(school, server, "paula") as paula:
        await paula.quiet(0.1, ignore=("ready",))
        note = notification(fake, provider_id, "payment.succeeded")
        assert (await yookassa.post(WEBHOOK, json=note)).status_code == 200
        event = await paula.expect("payment.succeeded")
    assert event["data"]["payment_id"] == payment["id"]
    assert event["data"]["status"] == "succeeded"
