"""The notification centre: one's own notifications newest first, read marks, preferences,
retention. The events that create notifications are specified in test_notification_events.py;
here they are made through the platform's Notifier, as every service makes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import func, select

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School
from tests.fakes.clock import FakeClock
from thebot.adapters.db.models import NotificationModel
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role
from thebot.domain.notifications.entities import Notice, NotificationKind
from thebot.entrypoints.jobs import prune_notifications

CENTRE = "/api/v1/notifications"
PREFERENCES = f"{CENTRE}/preferences"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    school = School(client, container)
    await school.add("ann", Role.STUDENT, grade=7)
    await school.add("bob", Role.STUDENT, grade=7)
    await school.add("teo", Role.TEACHER)
    return school


async def notify(
    container: Container,
    recipients: list[UUID | None],
    kind: NotificationKind = NotificationKind.HOMEWORK_GRADED,
    number: int = 1,
    **extra: Any,
) -> int:
    """Notify through the platform's Notifier in one committed unit of work."""
    async with container.unit_of_work() as uow:
        stored = await container.notifier(uow).notify(
            recipients,
            Notice(kind=kind, title=f"Graded #{number}", body="Score 9 / 10", link=f"/x/{number}"),
            **extra,
        )
        await uow.commit()
    return len(stored)


async def several(container: Container, clock: FakeClock, person: UUID, count: int) -> None:
    for number in range(1, count + 1):
        await notify(container, [person], number=number)
        clock.advance(seconds=1)


async def centre(school: School, name: str, **params: Any) -> dict[str, Any]:
    response = await school.client.get(CENTRE, params=params, headers=school[name].headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def stored_count(container: Container) -> int:
    async with container.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(NotificationModel)))


async def test_centre_lists_own_notifications_newest_first_with_unread_count(
    school: School, container: Container, clock: FakeClock
) -> None:
    await several(container, clock, school["ann"].id, 3)
    await notify(container, [school["bob"].id], number=99)
    body = await centre(school, "ann")
    assert [n["title"] for n in body["items"]] == ["Graded #3", "Graded #2", "Graded #1"]
    assert (body["total"], body["unread_count"], body["limit"], body["offset"]) == (3, 3, 20, 0)
    first = body["items"][0]
    assert first["kind"] == "homework_graded"
    assert first["body"] == "Score 9 / 10"
    assert first["link"] == "/x/3"
    public = container.settings.effective_public_url
    assert first["url"] == f"{public}/x/3"
    assert (first["is_read"], first["read_at"]) == (False, None)


async def test_unread_filter_and_pages_carry_totals(
    school: School, container: Container, clock: FakeClock
) -> None:
    await several(container, clock, school["ann"].id, 5)
    newest = (await centre(school, "ann", limit=1))["items"][0]
    read = await school.client.post(f"{CENTRE}/{newest['id']}/read", headers=school["ann"].headers)
    assert read.status_code == 200, read.text
    unread = await centre(school, "ann", unread="true", limit=2, offset=2)
    assert [n["title"] for n in unread["items"]] == ["Graded #2", "Graded #1"]
    assert (unread["total"], unread["unread_count"]) == (4, 4)
    past_end = await centre(school, "ann", limit=2, offset=10)
    assert past_end["items"] == []
    assert (past_end["total"], past_end["unread_count"]) == (5, 4)
    empty = await centre(school, "teo")
    assert (empty["items"], empty["total"], empty["unread_count"]) == ([], 0, 0)


async def test_marking_read_is_idempotent_and_keeps_the_first_time(
    school: School, container: Container, clock: FakeClock
) -> None:
    await notify(container, [school["ann"].id])
    item = (await centre(school, "ann"))["items"][0]
    first = await school.client.post(f"{CENTRE}/{item['id']}/read", headers=school["ann"].headers)
    assert first.status_code == 200, first.text
    assert first.json()["is_read"] is True
    clock.advance(minutes=5)
    again = await school.client.post(f"{CENTRE}/{item['id']}/read", headers=school["ann"].headers)
    assert again.json()["read_at"] == first.json()["read_at"]
    assert (await centre(school, "ann"))["unread_count"] == 0


async def test_another_users_notification_does_not_exist_and_stays_unread(
    school: School, container: Container
) -> None:
    await notify(container, [school["ann"].id])
    item = (await centre(school, "ann"))["items"][0]
    for path in (f"{CENTRE}/{item['id']}/read", f"{CENTRE}/{uuid4()}/read"):
        assert_problem(await school.client.post(path, headers=school["bob"].headers), 404)
    not_an_id = await school.client.post(f"{CENTRE}/42/read", headers=school["ann"].headers)
    assert not_an_id.status_code == 404
    assert (await centre(school, "ann"))["unread_count"] == 1


async def test_read_all_marks_only_ones_own(school: School, container: Container) -> None:
    await notify(container, [school["ann"].id, school["bob"].id], number=1)
    await notify(container, [school["ann"].id], number=2)
    response = await school.client.post(f"{CENTRE}/read-all", headers=school["ann"].headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"marked": 2, "unread_count": 0}
    assert (await centre(school, "ann"))["unread_count"] == 0
    assert (await centre(school, "bob"))["unread_count"] == 1
    again = await school.client.post(f"{CENTRE}/read-all", headers=school["ann"].headers)
    assert again.json()["marked"] == 0


async def test_nobody_can_create_a_notification_through_the_api(school: School) -> None:
    body = {"recipient_id": str(school["bob"].id), "title": "Hi", "body": "x", "link": "/"}
    response = await school.client.post(CENTRE, json=body, headers=school["teo"].headers)
    assert response.status_code == 405
    assert (await centre(school, "bob"))["total"] == 0


async def test_anonymous_callers_are_refused(school: School) -> None:
    client = school.client
    for method, path in (
        ("GET", CENTRE),
        ("POST", f"{CENTRE}/{uuid4()}/read"),
        ("POST", f"{CENTRE}/read-all"),
        ("GET", PREFERENCES),
        ("PUT", PREFERENCES),
    ):
        assert_problem(await client.request(method, path, json={"kinds": []}), 401)


async def test_bad_paging_is_refused(school: School) -> None:
    for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"unread": "maybe"}):
        response = await school.client.get(CENTRE, params=params, headers=school["ann"].headers)
        assert_problem(response, 400)


async def test_every_kind_is_on_until_turned_off(school: School, container: Container) -> None:
    response = await school.client.get(PREFERENCES, headers=school["ann"].headers)
    assert response.status_code == 200, response.text
    kinds = response.json()["kinds"]
    assert [k["kind"] for k in kinds] == [kind.value for kind in NotificationKind]
    assert all(k["enabled"] for k in kinds)
    off = {"kinds": [{"kind": "homework_graded", "enabled": False}]}
    changed = await school.client.put(PREFERENCES, json=off, headers=school["ann"].headers)
    assert changed.status_code == 200, changed.text
    enabled = {k["kind"]: k["enabled"] for k in changed.json()["kinds"]}
    assert enabled["homework_graded"] is False
    assert sum(enabled.values()) == len(NotificationKind) - 1
    # Turned off: ann gets none of that kind; bob (who left it on) and other kinds still come.
    assert await notify(container, [school["ann"].id, school["bob"].id]) == 1
    await notify(container, [school["ann"].id], kind=NotificationKind.LESSON_CREATED)
    assert [n["kind"] for n in (await centre(school, "ann"))["items"]] == ["lesson_created"]
    back_on = {"kinds": [{"kind": "homework_graded", "enabled": True}]}
    await school.client.put(PREFERENCES, json=back_on, headers=school["ann"].headers)
    assert await notify(container, [school["ann"].id]) == 1


async def test_bad_preferences_are_refused_and_change_nothing(school: School) -> None:
    headers = school["ann"].headers
    for body in (
        {"kinds": [{"kind": "everything", "enabled": False}]},
        {"kinds": [{"kind": "lesson_created", "enabled": "no"}]},
        {"kinds": [{"kind": "lesson_created", "enabled": False, "channel": "sms"}]},
        {"kinds": [{"kind": "lesson_created"}]},
        {"kinds": "lesson_created"},
        {"kinds": [], "recipient_id": str(school["bob"].id)},
        {
            "kinds": [
                {"kind": "lesson_created", "enabled": False},
                {"kind": "lesson_created", "enabled": True},
            ]
        },
    ):
        response = await school.client.put(PREFERENCES, json=body, headers=headers)
        assert_problem(response, 400)
    kinds = (await school.client.get(PREFERENCES, headers=headers)).json()["kinds"]
    assert all(k["enabled"] for k in kinds)


async def test_preferences_are_ones_own(school: School) -> None:
    off = {"kinds": [{"kind": "lesson_created", "enabled": False}]}
    await school.client.put(PREFERENCES, json=off, headers=school["ann"].headers)
    kinds = (await school.client.get(PREFERENCES, headers=school["bob"].headers)).json()["kinds"]
    assert all(k["enabled"] for k in kinds)


async def test_the_notifier_skips_the_actor_nobody_and_repeats_and_inactive_people(
    school: School, container: Container
) -> None:
    ann, bob, teo = school["ann"].id, school["bob"].id, school["teo"].id
    async with container.unit_of_work() as uow:
        await uow.users.set_active(bob, False)
        await uow.commit()
    stored = await notify(container, [ann, None, ann, teo, bob], except_user=teo)
    assert stored == 1
    assert (await centre(school, "ann"))["total"] == 1
    assert await stored_count(container) == 1


async def test_a_rolled_back_event_leaves_no_notification(
    school: School, container: Container
) -> None:
    async with container.unit_of_work() as uow:
        await container.notifier(uow).notify(
            [school["ann"].id],
            Notice(kind=NotificationKind.LESSON_CREATED, title="t", body="b", link="/lessons/1"),
        )
        await uow.rollback()
    assert await stored_count(container) == 0


async def test_long_titles_and_bodies_are_clipped(school: School, container: Container) -> None:
    async with container.unit_of_work() as uow:
        await container.notifier(uow).notify(
            [school["ann"].id],
            Notice(kind=NotificationKind.CHAT_MESSAGE, title="T" * 500, body="b " * 2000, link="/"),
        )
        await uow.commit()
    item = (await centre(school, "ann"))["items"][0]
    assert len(item["title"]) == 200
    assert item["title"].endswith("…")
    assert len(item["body"]) <= 1000


async def test_read_notifications_are_pruned_after_the_retention_unread_ones_kept(
    school: School, container: Container, clock: FakeClock
) -> None:
    ann = school["ann"]
    await notify(container, [ann.id], number=1)
    await notify(container, [ann.id], number=2)
    old = (await centre(school, "ann"))["items"]
    await school.client.post(f"{CENTRE}/{old[0]['id']}/read", headers=ann.headers)
    clock.advance(days=container.settings.notification_retention_days + 1)
    await school.sign_in_again()
    await notify(container, [ann.id], number=3)
    recent = (await centre(school, "ann"))["items"][0]
    await school.client.post(f"{CENTRE}/{recent['id']}/read", headers=school["ann"].headers)
    removed = await prune_notifications({"container": container})
    assert removed == 1
    left = await centre(school, "ann")
    assert sorted(n["title"] for n in left["items"]) == ["Graded #1", "Graded #3"]
    assert left["unread_count"] == 1


async def test_the_list_costs_the_same_statements_for_few_and_many(
    school: School,
    container: Container,
    clock: FakeClock,
    count_statements: Callable[[], Any],
) -> None:
    async def statements() -> int:
        await centre(school, "ann")  # connection set-up is not counted
        with count_statements() as counter:
            await centre(school, "ann", limit=100)
        return counter.count

    await several(container, clock, school["ann"].id, 2)
    few = await statements()
    await several(container, clock, school["ann"].id, 40)
    assert await statements() == few
