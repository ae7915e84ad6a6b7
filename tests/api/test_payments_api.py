"""Parents pay for their children's enrollments (the development gateway of the embedded
default stands in for YooKassa): the price comes from the enrollment, a payment moves only
forward and only on the gateway's word, and a double click pays once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.payment_helpers import (
    PAYMENTS,
    PRICE,
    confirm,
    paid_until,
    pay,
    priced,
    read,
    started,
)
from tests.api.people_helpers import ADMIN_USERS
from tests.fakes.clock import FakeClock
from thebot.bootstrap import Container

ANN_MATHS = "ann:Mathematics:teo"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def dues(school: School, parent: str) -> list[dict[str, Any]]:
    response = await school.client.get(f"{PAYMENTS}/due", headers=school[parent].headers)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


async def test_a_parent_pays_the_next_period_and_it_is_paid_only_once_confirmed(
    school: School,
) -> None:
    enrollment = await priced(school, ANN_MATHS)
    payment = await started(school, "paula", enrollment)
    assert payment["status"] == "pending"
    assert payment["amount"] == PRICE
    assert payment["currency"] == "RUB"
    # The school's today (2026-11-25 in Moscow) and four weeks from it, both days included.
    assert (payment["period_start"], payment["period_end"]) == ("2026-11-25", "2026-12-22")
    assert payment["description"] == "Mathematics, Ann Test: 25.11.2026-22.12.2026"
    assert payment["provider"] == "development"
    assert payment["confirmation_url"].startswith("http://127.0.0.1:8000/api/v1/payments/dev/")
    assert payment["paid_at"] is None
    assert await paid_until(school, enrollment) is None
    [due] = [d for d in await dues(school, "paula") if d["enrollment_id"] == enrollment]
    assert due["state"] == "awaiting_payment"
    assert due["open_payment_id"] == payment["id"]

    page = await school.client.get(urlsplit_path(payment["confirmation_url"]))
    assert page.status_code == 200
    assert "1500.00 RUB" in page.text
    back = await confirm(school, payment)
    assert back.status_code == 303
    assert back.headers["location"] == f"http://127.0.0.1:8000/payments/{payment['id']}"

    paid = (await read(school, "paula", payment["id"])).json()
    assert paid["status"] == "succeeded"
    assert paid["paid_at"] is not None
    assert paid["confirmation_url"] is None
    assert [(e["from_status"], e["to_status"], e["source"]) for e in paid["history"]] == [
        (None, "pending", "opened"),
        ("pending", "succeeded", "dev-gateway"),
    ]
    assert await paid_until(school, enrollment) == "2026-12-22"
    [due] = [d for d in await dues(school, "paula") if d["enrollment_id"] == enrollment]
    assert due["state"] == "paid"
    assert due["open_payment_id"] is None

    # The next payment covers the next period; confirming twice changes nothing.
    assert_problem(await confirm(school, payment), 409)
    following = await started(school, "paula", enrollment)
    assert (following["period_start"], following["period_end"]) == ("2026-12-23", "2027-01-19")


def urlsplit_path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


async def test_a_double_click_opens_one_payment(school: School) -> None:
    enrollment = await priced(school, ANN_MATHS)
    first = await pay(school, "paula", enrollment, key="click-1")
    again = await pay(school, "paula", enrollment, key="click-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["payment"]["id"] == first.json()["payment"]["id"]
    # Another key while one is open: the open payment, not a second one.
    other = await pay(school, "paula", enrollment, key="click-2")
    assert other.status_code == 200
    assert other.json()["payment"]["id"] == first.json()["payment"]["id"]
    # The same key for another enrollment is a mistake.
    english = await priced(school, "ann:English:tara")
    assert_problem(await pay(school, "paula", english, key="click-1"), 409)

    bob = await priced(school, "bob:Mathematics:teo")
    answers = await asyncio.gather(*(pay(school, "paula", bob) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 201]
    assert len({a.json()["payment"]["id"] for a in answers}) == 1
    listed = await school.client.get(PAYMENTS, headers=school["paula"].headers)
    assert listed.json()["total"] == 2


async def test_a_declined_payment_is_canceled_and_pays_nothing(school: School) -> None:
    enrollment = await priced(school, ANN_MATHS)
    payment = await started(school, "paula", enrollment)
    assert (await confirm(school, payment, "decline")).status_code == 303
    body = (await read(school, "paula", payment["id"])).json()
    assert body["status"] == "canceled"
    assert body["cancellation_reason"] == "expired_on_confirmation"
    assert await paid_until(school, enrollment) is None
    [due] = [d for d in await dues(school, "paula") if d["enrollment_id"] == enrollment]
    assert due["state"] == "no_payment"
    again = await started(school, "paula", enrollment)
    assert again["id"] != payment["id"]


@pytest.mark.parametrize("role", ["admin", "teo", "tina", "ann"])
async def test_only_parents_pay(school: School, role: str) -> None:
    enrollment = await priced(school, ANN_MATHS)
    assert_problem(await pay(school, role, enrollment), 403)
    listed = await school.client.get(PAYMENTS, headers=school["paula"].headers)
    assert listed.json()["total"] == 0


async def test_refusals_change_nothing(school: School) -> None:
    enrollment = await priced(school, ANN_MATHS)
    cid = await priced(school, "cid:Physics:tara")
    assert_problem(await pay(school, "pete", enrollment), 404)  # not his child
    assert_problem(await pay(school, "paula", cid), 404)
    unknown = "01a2152c-aa72-727a-8e8b-a0d03ad094a0"
    assert_problem(await pay(school, "paula", unknown), 404)
    unpriced = str(school.enrollments["bob:Mathematics:teo"]["id"])
    assert_problem(await pay(school, "paula", unpriced), 409)
    assert_problem(await pay(school, "paula", enrollment, key="x" * 65), 400)
    assert_problem(await pay(school, "paula", enrollment, key="no spaces"), 400)
    headers = school["paula"].headers
    for body in (
        {},
        {"enrollment_id": "not-a-uuid"},
        {"enrollment_id": enrollment, "amount": "1.00"},  # the client never sends an amount
        {"enrollment_id": enrollment, "subscribe": "yes"},
    ):
        assert_problem(await school.client.post(PAYMENTS, json=body, headers=headers), 400)
    listed = await school.client.get(PAYMENTS, headers=school["admin"].headers)
    assert listed.json()["total"] == 0


async def test_an_ended_enrollment_is_not_paid(school: School) -> None:
    enrollment = await priced(school, ANN_MATHS)
    ended = await school.client.delete(
        f"/api/v1/enrollments/{enrollment}", headers=school["admin"].headers
    )
    assert ended.status_code in (200, 204), ended.text
    assert_problem(await pay(school, "paula", enrollment), 409)


async def test_who_sees_which_payments(school: School) -> None:
    enrollment = await priced(school, ANN_MATHS)
    cid = await priced(school, "cid:Physics:tara")
    mine = await started(school, "paula", enrollment)
    theirs = await started(school, "pete", cid)
    assert (await read(school, "paula", mine["id"])).status_code == 200
    assert_problem(await read(school, "paula", theirs["id"]), 404)
    assert_problem(await read(school, "ann", mine["id"]), 404)
    assert (await read(school, "admin", theirs["id"])).status_code == 200
    own = (await school.client.get(PAYMENTS, headers=school["paula"].headers)).json()
    assert [p["id"] for p in own["items"]] == [mine["id"]]
    every = (await school.client.get(PAYMENTS, headers=school["admin"].headers)).json()
    assert {p["id"] for p in every["items"]} == {mine["id"], theirs["id"]}
    by_student = await school.client.get(
        PAYMENTS, params={"student_id": str(school["cid"].id)}, headers=school["admin"].headers
    )
    assert [p["id"] for p in by_student.json()["items"]] == [theirs["id"]]
    for role in ("teo", "tina", "ann"):
        assert_problem(await school.client.get(PAYMENTS, headers=school[role].headers), 403)
        assert_problem(
            await school.client.get(f"{PAYMENTS}/due", headers=school[role].headers), 403
        )
    assert_problem(
        await school.client.get(
            PAYMENTS, params={"status": "paid"}, headers=school["admin"].headers
        ),
        400,
    )
    assert_problem(await school.client.get(PAYMENTS), 401)


async def test_what_is_due_per_child_and_subject(school: School, clock: FakeClock) -> None:
    maths = await priced(school, ANN_MATHS)
    english = await priced(school, "ann:English:tara", "2000.00")
    payment = await started(school, "paula", maths)
    await confirm(school, payment)
    found = {(d["student_name"], d["subject_name"]): d for d in await dues(school, "paula")}
    assert set(found) == {
        ("Ann Test", "English"),
        ("Ann Test", "Mathematics"),
        ("Bob Test", "Mathematics"),
    }
    assert found[("Ann Test", "Mathematics")]["state"] == "paid"
    assert found[("Ann Test", "English")]["state"] == "no_payment"
    assert found[("Ann Test", "English")]["price_per_period"] == "2000.00"
    assert found[("Bob Test", "Mathematics")]["price_per_period"] is None
    clock.advance(hours=24 * 22)  # 2026-12-17: within a week of the paid end
    await school.sign_in_again()
    [due] = [d for d in await dues(school, "paula") if d["enrollment_id"] == maths]
    assert due["state"] == "due"
    clock.advance(hours=24 * 6)  # 2026-12-23: the paid period is over
    await school.sign_in_again()
    [due] = [d for d in await dues(school, "paula") if d["enrollment_id"] == maths]
    assert due["state"] == "overdue"
    assert english  # priced, never paid


async def test_an_admin_refunds_and_the_period_is_taken_back(school: School) -> None:
    enrollment = await priced(school, ANN_MATHS)
    payment = await started(school, "paula", enrollment)
    refund_url = f"{PAYMENTS}/{payment['id']}/refund"
    assert_problem(await school.client.post(refund_url, headers=school["admin"].headers), 409)
    await confirm(school, payment)
    assert_problem(await school.client.post(refund_url, headers=school["paula"].headers), 403)
    refunded = await school.client.post(refund_url, headers=school["admin"].headers)
    assert refunded.status_code == 200, refunded.text
    assert refunded.json()["status"] == "refunded"
    assert await paid_until(school, enrollment) == "2026-11-24"
    assert_problem(await school.client.post(refund_url, headers=school["admin"].headers), 409)
    history = (await read(school, "admin", payment["id"])).json()["history"]
    assert [e["to_status"] for e in history] == ["pending", "succeeded", "refunded"]
    audit = await school.client.get(
        "/api/v1/admin/audit",
        params={"action": "payment.refunded"},
        headers=school["admin"].headers,
    )
    if audit.status_code == 200:
        assert any(e["target_id"] == payment["id"] for e in audit.json()["items"])


async def test_a_subscription_charges_the_saved_card_each_period_until_cancelled(
    school: School, container: Container, clock: FakeClock
) -> None:
    from thebot.entrypoints.jobs import charge_subscriptions

    enrollment = await priced(school, ANN_MATHS)
    payment = await started(school, "paula", enrollment, subscribe=True)
    assert payment["subscription_id"] is not None
    await confirm(school, payment)
    [subscription] = (
        await school.client.get("/api/v1/subscriptions", headers=school["paula"].headers)
    ).json()
    assert subscription["id"] == payment["subscription_id"]
    assert subscription["automatic"] is True
    assert await charge_subscriptions({"container": container}) == 0  # nothing due yet

    clock.advance(hours=24 * 27)  # 2026-12-22: the last paid day
    await school.sign_in_again()
    assert await charge_subscriptions({"container": container}) == 1
    assert await paid_until(school, enrollment) == "2027-01-19"
    listed = (await school.client.get(PAYMENTS, headers=school["paula"].headers)).json()
    assert [p["status"] for p in listed["items"]] == ["succeeded", "succeeded"]
    assert listed["items"][0]["period_start"] == "2026-12-23"

    url = f"/api/v1/subscriptions/{subscription['id']}"
    assert_problem(await school.client.delete(url, headers=school["pete"].headers), 404)
    cancelled = await school.client.delete(url, headers=school["paula"].headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert_problem(await school.client.delete(url, headers=school["paula"].headers), 409)
    clock.advance(hours=24 * 28)
    await school.sign_in_again()
    assert await charge_subscriptions({"container": container}) == 0
    assert await paid_until(school, enrollment) == "2027-01-19"  # paid stays paid


async def test_a_parent_with_payments_cannot_be_deleted(school: School) -> None:
    enrollment = await priced(school, ANN_MATHS)
    await started(school, "paula", enrollment)
    assert_problem(
        await school.client.delete(
            f"{ADMIN_USERS}/{school['paula'].id}",
            params={"permanent": "true"},
            headers=school["admin"].headers,
        ),
        409,
    )


async def test_notifications_from_elsewhere_are_refused(school: School) -> None:
    response = await school.client.post(
        f"{PAYMENTS}/webhooks/yookassa",
        json={"type": "notification", "event": "payment.succeeded", "object": {"id": "x"}},
    )
    assert_problem(response, 403)


async def test_a_subscription_without_a_saved_card_sends_a_link_once_a_day(
    school: School, container: Container, clock: FakeClock
) -> None:
    from thebot.entrypoints.jobs import charge_subscriptions

    enrollment = await priced(school, ANN_MATHS)
    first = await started(school, "paula", enrollment, subscribe=True)
    await confirm(school, first, "decline")  # nothing paid, no card saved
    [subscription] = (
        await school.client.get("/api/v1/subscriptions", headers=school["paula"].headers)
    ).json()
    assert subscription["automatic"] is False
    assert await charge_subscriptions({"container": container}) == 0  # declined today

    clock.advance(hours=25)
    await school.sign_in_again()
    assert await charge_subscriptions({"container": container}) == 1
    [due] = [d for d in await dues(school, "paula") if d["enrollment_id"] == enrollment]
    assert due["state"] == "awaiting_payment"
    link = (await read(school, "paula", due["open_payment_id"])).json()
    assert link["subscription_id"] == subscription["id"]
    assert link["confirmation_url"] is not None
    assert await charge_subscriptions({"container": container}) == 0  # the link waits
    await confirm(school, link, "decline")
    clock.advance(hours=2)
    await school.sign_in_again()
    assert await charge_subscriptions({"container": container}) == 0  # not again the same day
