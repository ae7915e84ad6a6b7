"""Payments and chat messages notify their people once; a kind turned off stays off; a
notification reaches an open socket live. (The other events: test_notification_events.py.)"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from litestar import Litestar

from tests.api.forum_helpers import chat_titled, chats_of, sent
from tests.api.helpers import Client
from tests.api.learning_helpers import School, build_school
from tests.api.lesson_helpers import LESSONS, at, scheduled
from tests.api.notification_helpers import not_told, told, turn_off
from tests.api.payment_helpers import confirm, priced, started
from tests.api.socket_helpers import serving, socket_of
from thebot.adapters.dev_payments import DevelopmentGateway
from thebot.bootstrap import Container

ANN_MATHS = "ann:Mathematics:teo"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.fixture
async def server(app: Litestar, client: Client) -> AsyncIterator[str]:
    async with serving(app) as url:
        yield url


def provider_id_of(payment: dict[str, Any]) -> str:
    """The development gateway's payment: the last part of its confirmation page's path."""
    return urlsplit(payment["confirmation_url"]).path.rsplit("/", 1)[-1]


async def refresh(container: Container, provider_id: str) -> None:
    """Read the provider's payment again and apply it, as the reconciler does."""
    async with container.unit_of_work() as uow:
        await container.payment_service(uow).refresh(provider_id, source="reconcile")
        await uow.commit()


# ----- payments ------------------------------------------------------------------------------


async def test_a_paid_payment_tells_the_payer_once_however_often_it_is_applied(
    school: School, container: Container
) -> None:
    payment = await started(school, "paula", await priced(school, ANN_MATHS))
    link = f"/payments/{payment['id']}"
    await not_told(school, "payment_succeeded", "paula")

    assert (await confirm(school, payment)).status_code == 303
    [note] = await told(school, "payment_succeeded", link, "paula")
    assert (note["title"], note["body"]) == (
        "Payment received: Mathematics",
        "1500.00 RUB · Mathematics, Ann Test: 25.11.2026-22.12.2026",
    )
    # The success read again (a late webhook, the reconciler): nothing more.
    await refresh(container, provider_id_of(payment))
    await told(school, "payment_succeeded", link, "paula")
    await not_told(school, "payment_succeeded", "ann", "admin", "tina", "teo", "pete")
    await not_told(school, "payment_failed", "paula")


async def test_concurrent_reads_of_a_success_tell_the_payer_once(
    school: School, container: Container
) -> None:
    payment = await started(school, "paula", await priced(school, "bob:Mathematics:teo"))
    gateway = container.payment_gateway
    assert isinstance(gateway, DevelopmentGateway)
    gateway.pay(provider_id_of(payment))  # paid at the provider; nobody has applied it yet

    await asyncio.gather(*(refresh(container, provider_id_of(payment)) for _ in range(4)))

    await told(school, "payment_succeeded", f"/payments/{payment['id']}", "paula")
    history = await school.client.get(
        f"/api/v1/payments/{payment['id']}", headers=school["paula"].headers
    )
    assert [e["to_status"] for e in history.json()["history"]] == ["pending", "succeeded"]


async def test_a_declined_payment_tells_the_payer_it_failed(school: School) -> None:
    payment = await started(school, "paula", await priced(school, ANN_MATHS))
    assert (await confirm(school, payment, "decline")).status_code == 303
    [note] = await told(school, "payment_failed", f"/payments/{payment['id']}", "paula")
    assert note["title"] == "Payment failed: Mathematics"
    await not_told(school, "payment_succeeded", "paula")
    await not_told(school, "payment_failed", "ann", "admin", "pete")


# ----- chat messages -------------------------------------------------------------------------


async def offline(container: Container, school: School, name: str) -> None:
    """Wait until ``name``'s closed socket no longer counts (the server sees the close later)."""
    async with asyncio.timeout(3):
        while True:
            if not await container.presence.online([school[name].id]):
                return
            await asyncio.sleep(0.02)


async def test_a_message_is_noted_only_for_participants_without_an_open_socket(
    server: str, school: School, container: Container
) -> None:
    rooms = await chats_of(school, "ann")
    with_teo = chat_titled(rooms, "Mathematics — Ann Test ↔ Teo Test")["id"]
    with_tina = chat_titled(rooms, "Mathematics — Ann Test ↔ Tina Test")["id"]
    async with socket_of(school, server, "teo") as teo:
        await sent(school, "ann", with_teo, "Can we go over fractions?")
        await teo.expect("message.created")  # teo sees it live ...
        await sent(school, "ann", with_tina, "I have a question")
    await not_told(school, "chat_message", "teo")  # ... so it is not noted for him
    [note] = await told(school, "chat_message", f"/chats/{with_tina}", "tina")
    assert (note["title"], note["body"]) == (
        "New message from Ann Test",
        "Mathematics: I have a question",
    )

    await offline(container, school, "teo")
    await sent(school, "ann", with_teo, "Are you there?")
    [note] = await told(school, "chat_message", f"/chats/{with_teo}", "teo")
    assert note["body"] == "Mathematics: Are you there?"
    await not_told(school, "chat_message", "ann", "bob", "cid", "paula")


# ----- preferences and the live push ---------------------------------------------------------


async def test_a_kind_turned_off_is_not_noted_while_the_others_still_are(school: School) -> None:
    await turn_off(school, "paula", "lesson_created")
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    link = f"/lessons/{lesson['id']}"
    await told(school, "lesson_created", link, "ann")
    await not_told(school, "lesson_created", "paula")

    cancelled = await school.client.delete(
        f"{LESSONS}/{lesson['id']}", headers=school["teo"].headers
    )
    assert cancelled.status_code == 204, cancelled.text
    [note] = await told(school, "lesson_cancelled", link, "paula")
    assert note["body"] == "26 November 10:00 to 11:00 with Teo Test"


async def test_an_open_socket_receives_the_notification_live(server: str, school: School) -> None:
    async with (
        socket_of(school, server, "paula") as paula,
        socket_of(school, server, "tina") as tina,
    ):
        lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
        pushed = await paula.expect("notification")
        # The tutor sees the lesson live but is not among those it notifies.
        await tina.quiet(ignore=("lesson.created", "presence"))

    [stored] = await told(school, "lesson_created", f"/lessons/{lesson['id']}", "paula")
    data = pushed["data"]
    assert (data["id"], data["kind"], data["link"], data["url"]) == (
        stored["id"],
        "lesson_created",
        stored["link"],
        stored["url"],
    )
    assert (data["title"], data["read_at"]) == (stored["title"], None)
