"""Who may read, refund and cancel which payment or subscription, and what malformed requests
get: each refusal with its exact status, and nothing changed by it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.payment_helpers import PAYMENTS, confirm, paid_until, priced, read, started
from thebot.bootstrap import Container

SUBSCRIPTIONS = "/api/v1/subscriptions"
UNKNOWN = "01a2152c-aa72-727a-8e8b-a0d03ad094a0"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.fixture
async def paid(school: School) -> dict[str, Any]:
    """Paula's paid subscription payment for Ann's maths."""
    enrollment = await priced(school, "ann:Mathematics:teo")
    payment = await started(school, "paula", enrollment, subscribe=True)
    await confirm(school, payment)
    return {**payment, "enrollment": enrollment}


async def subscriptions(school: School, who: str) -> Any:
    return await school.client.get(SUBSCRIPTIONS, headers=school[who].headers)


@pytest.mark.parametrize("role", ["teo", "tina", "ann", "paula"])
async def test_only_admins_refund_and_a_refusal_changes_nothing(
    school: School, paid: dict[str, Any], role: str
) -> None:
    url = f"{PAYMENTS}/{paid['id']}/refund"
    assert_problem(await school.client.post(url, headers=school[role].headers), 403)
    assert (await read(school, "paula", paid["id"])).json()["status"] == "succeeded"
    assert await paid_until(school, paid["enrollment"]) == "2026-12-22"


async def test_unknown_and_malformed_payment_ids(school: School, paid: dict[str, Any]) -> None:
    admin = school["admin"].headers
    assert_problem(await school.client.get(f"{PAYMENTS}/{UNKNOWN}", headers=admin), 404)
    assert_problem(await school.client.post(f"{PAYMENTS}/{UNKNOWN}/refund", headers=admin), 404)
    for bad in ("not-a-uuid", "123"):
        assert_problem(await school.client.get(f"{PAYMENTS}/{bad}", headers=admin), 404)
        assert_problem(await school.client.post(f"{PAYMENTS}/{bad}/refund", headers=admin), 404)
    assert (await read(school, "admin", paid["id"])).json()["status"] == "succeeded"


async def test_a_page_past_the_end_still_gives_the_total(
    school: School, paid: dict[str, Any]
) -> None:
    beyond = await school.client.get(
        PAYMENTS, params={"offset": "10"}, headers=school["admin"].headers
    )
    assert beyond.status_code == 200
    assert (beyond.json()["items"], beyond.json()["total"]) == ([], 1)
    for params in ({"limit": "0"}, {"limit": "101"}, {"offset": "-1"}, {"student_id": "x"}):
        assert_problem(
            await school.client.get(PAYMENTS, params=params, headers=school["admin"].headers),
            400,
        )


@pytest.mark.parametrize("role", ["teo", "tina", "ann"])
async def test_subscriptions_are_for_parents_and_admins(
    school: School, paid: dict[str, Any], role: str
) -> None:
    assert_problem(await subscriptions(school, role), 403)
    url = f"{SUBSCRIPTIONS}/{paid['subscription_id']}"
    assert_problem(await school.client.delete(url, headers=school[role].headers), 404)
    [kept] = (await subscriptions(school, "paula")).json()
    assert kept["status"] == "active"


async def test_each_parent_sees_their_own_subscriptions(
    school: School, paid: dict[str, Any]
) -> None:
    assert (await subscriptions(school, "pete")).json() == []
    assert [s["id"] for s in (await subscriptions(school, "admin")).json()] == [
        paid["subscription_id"]
    ]
    assert_problem(await school.client.get(SUBSCRIPTIONS), 401)


async def test_unknown_and_malformed_subscription_ids(school: School, paid: dict[str, Any]) -> None:
    headers = school["paula"].headers
    assert_problem(await school.client.delete(f"{SUBSCRIPTIONS}/{UNKNOWN}", headers=headers), 404)
    assert_problem(await school.client.delete(f"{SUBSCRIPTIONS}/nope", headers=headers), 404)
    [kept] = (await subscriptions(school, "paula")).json()
    assert kept["status"] == "active"
    # An admin may cancel any parent's subscription.
    cancelled = await school.client.delete(
        f"{SUBSCRIPTIONS}/{paid['subscription_id']}", headers=school["admin"].headers
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"


async def test_the_development_pages_know_only_their_own_payments(
    school: School, paid: dict[str, Any]
) -> None:
    base = "/api/v1/payments/dev"
    assert_problem(await school.client.get(f"{base}/{UNKNOWN}"), 404)
    assert_problem(await school.client.post(f"{base}/{UNKNOWN}/pay"), 404)
    assert_problem(await school.client.post(f"{base}/{UNKNOWN}/decline"), 404)
    # A paid payment can be neither paid again nor declined.
    assert_problem(await confirm(school, paid, "decline"), 409)
    assert (await read(school, "paula", paid["id"])).json()["status"] == "succeeded"
