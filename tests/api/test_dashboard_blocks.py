"""Dashboard blocks every role shares or several do: next lessons, upcoming lessons, unread
messages and notifications, this week's study plans."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.dashboard_helpers import build_family, dashboard
from tests.api.forum_helpers import CHATS, chat_titled, chats_of, sent
from tests.api.helpers import Client
from tests.api.lesson_helpers import LESSONS, at, scheduled
from tests.api.study_plan_helpers import NEXT_MONDAY, attach, send_plan, write_plan
from thebot.bootstrap import Container
from thebot.domain.notifications.entities import Notice, NotificationKind


@pytest.fixture
async def family(client: Client, container: Container) -> dict[str, Any]:
    """Paula's two children with Tina as tutor and three teachers; Pete's family beside them."""
    return await build_family(client, container)


async def test_next_lesson_per_subject_and_the_teachers_lessons_this_week(
    family: dict[str, Any],
) -> None:
    school = family["school"]
    # Wednesday 25 November: this week runs to Sunday the 29th (Moscow time).
    first = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    await scheduled(
        school, "teo", "ann", "Mathematics", at("10:00", "2026-11-27"), at("11:00", "2026-11-27")
    )
    english = await scheduled(
        school, "tara", "ann", "English", at("10:00", "2026-12-01"), at("11:00", "2026-12-01")
    )
    await scheduled(  # next week: not this week's
        school, "teo", "bob", "Mathematics", at("09:00", "2026-11-30"), at("10:00", "2026-11-30")
    )
    dropped = await scheduled(school, "teo", "bob", "Mathematics", at("15:00"), at("16:00"))
    await school.client.delete(f"{LESSONS}/{dropped['id']}", headers=school["teo"].headers)

    def nexts(subjects: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
        return [
            (s.get("name") or s["subject_name"], (s["next_lesson"] or {}).get("lesson_id"))
            for s in subjects
        ]

    ann = await dashboard(school, "student", "ann")
    assert nexts(ann["subjects"]) == [("English", english["id"]), ("Mathematics", first["id"])]
    assert ann["subjects"][1]["next_lesson"] == {
        "lesson_id": first["id"],
        "start_at": "2026-11-26T07:00:00Z",
        "end_at": "2026-11-26T08:00:00Z",
    }
    teo = await dashboard(school, "teacher", "teo")
    assert teo["counters"]["lessons_this_week"] == 2
    assert (await dashboard(school, "teacher", "tara"))["counters"]["lessons_this_week"] == 0
    tina_ann, tina_bob = (await dashboard(school, "tutor", "tina"))["students"]
    assert tina_ann["next_lesson"]["lesson_id"] == first["id"]
    assert nexts(tina_ann["subjects"]) == [("English", english["id"]), ("Mathematics", first["id"])]
    assert tina_bob["next_lesson"]["start_at"] == "2026-11-30T06:00:00Z"
    assert [s["next_lesson"] for s in tina_bob["subjects"]][1] is None
    paula = await dashboard(school, "parent", "paula")
    assert nexts(paula["children"][0]["subjects"]) == nexts(tina_ann["subjects"])


async def test_every_dashboard_counts_unread_messages_per_chat(
    family: dict[str, Any], clock: Any
) -> None:
    school = family["school"]
    ann_rooms = await chats_of(school, "ann")
    maths = chat_titled(ann_rooms, "Mathematics — Ann Test ↔ Teo Test")["id"]
    tutor = chat_titled(ann_rooms, "Mathematics — Ann Test ↔ Tina Test")["id"]
    parent_room = chat_titled(
        await chats_of(school, "paula"), "Mathematics — Paula Test (Ann Test) ↔ Teo Test"
    )["id"]
    first = await sent(school, "teo", maths, "Homework is up")
    await sent(school, "teo", maths, "Due Friday")
    clock.advance(60)
    await sent(school, "tina", tutor, "How is maths going?")
    await sent(school, "teo", parent_room, "Ann is doing well")
    await school.client.post(
        f"{CHATS}/{maths}/read",
        json={"up_to_message_id": first["id"]},
        headers=school["ann"].headers,
    )
    await sent(school, "ann", tutor, "Fine, thanks")

    unread = (await dashboard(school, "student", "ann"))["unread_messages"]
    assert unread["total"] == 2
    assert unread["chats_with_unread"] == 2
    assert [(c["chat_id"], c["unread_count"]) for c in unread["chats"]] == [(tutor, 1), (maths, 1)]
    assert unread["chats"][0]["title"] == "Mathematics — Ann Test ↔ Tina Test"
    assert unread["chats"][0]["kind"] == "tutor"
    assert (await dashboard(school, "teacher", "teo"))["unread_messages"] == {
        "total": 0,
        "chats_with_unread": 0,
        "chats": [],
    }
    tina = (await dashboard(school, "tutor", "tina"))["unread_messages"]
    assert (tina["total"], [c["chat_id"] for c in tina["chats"]]) == (1, [tutor])
    paula = (await dashboard(school, "parent", "paula"))["unread_messages"]
    assert (paula["total"], [c["chat_id"] for c in paula["chats"]]) == (1, [parent_room])


async def test_every_dashboard_shows_the_next_weeks_lessons(family: dict[str, Any]) -> None:
    school = family["school"]
    ann_maths = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    bob_maths = await scheduled(school, "teo", "bob", "Mathematics", at("12:00"), at("13:00"))
    cid = await scheduled(school, "tara", "cid", "Physics", at("12:00"), at("13:00"))
    # Beyond the week, or cancelled: not shown.
    await scheduled(
        school, "teo", "ann", "Mathematics", at("10:00", "2026-12-03"), at("11:00", "2026-12-03")
    )
    dropped = await scheduled(school, "teo", "ann", "Mathematics", at("15:00"), at("16:00"))
    await school.client.delete(f"{LESSONS}/{dropped['id']}", headers=school["teo"].headers)

    def ids(body: dict[str, Any]) -> list[str]:
        return [str(lesson["lesson_id"]) for lesson in body["upcoming_lessons"]]

    ann = await dashboard(school, "student", "ann")
    assert ids(ann) == [ann_maths["id"]]
    first = ann["upcoming_lessons"][0]
    assert first["subject_name"] == "Mathematics"
    assert first["teacher"] == {"id": str(school["teo"].id), "name": "Teo Test"}
    assert first["start_at"] == "2026-11-26T07:00:00Z"
    assert ids(await dashboard(school, "teacher", "teo")) == [ann_maths["id"], bob_maths["id"]]
    assert ids(await dashboard(school, "tutor", "tina")) == [ann_maths["id"], bob_maths["id"]]
    assert ids(await dashboard(school, "parent", "paula")) == [ann_maths["id"], bob_maths["id"]]
    assert cid["id"] not in ids(await dashboard(school, "parent", "paula"))


async def test_every_dashboard_shows_unread_notifications_newest_first(
    family: dict[str, Any], clock: Any
) -> None:
    school, container = family["school"], family["school"].container
    owners = {"student": "ann", "teacher": "teo", "tutor": "tina", "parent": "paula"}
    for who in owners.values():  # start from nothing unread (events of the fixture included)
        await school.client.post("/api/v1/notifications/read-all", headers=school[who].headers)
    for number in range(1, 8):
        async with container.unit_of_work() as uow:
            await container.notifier(uow).notify(
                [school[who].id for who in owners.values()],
                Notice(
                    kind=NotificationKind.LESSON_MOVED,
                    title=f"Lesson moved #{number}",
                    body="Mathematics · Thursday 10:00",
                    link=f"/lessons/{number}",
                ),
            )
            await uow.commit()
        clock.advance(1)
    for role, who in owners.items():
        block = (await dashboard(school, role, who))["unread_notifications"]
        assert block["total"] == 7
        assert [card["title"] for card in block["latest"]] == [
            f"Lesson moved #{n}" for n in (7, 6, 5, 4, 3)
        ]
        first = block["latest"][0]
        assert (first["kind"], first["link"]) == ("lesson_moved", "/lessons/7")
    await school.client.post("/api/v1/notifications/read-all", headers=school["ann"].headers)
    assert (await dashboard(school, "student", "ann"))["unread_notifications"] == {
        "total": 0,
        "latest": [],
    }
    assert (await dashboard(school, "parent", "paula"))["unread_notifications"]["total"] == 7


async def test_student_and_parent_dashboards_show_this_weeks_sent_study_plans(
    family: dict[str, Any],
) -> None:
    school = family["school"]
    maths = await write_plan(school, "teo", student="ann", subject="Mathematics")
    assert (await attach(school, "teo", maths)).status_code == 201
    maths = await send_plan(school, maths, "teo")
    await write_plan(school, "tara", student="ann", subject="English")  # a draft: not shown
    later = await write_plan(school, "teo", student="bob", subject="Mathematics", week=NEXT_MONDAY)
    await send_plan(school, later, "teo")  # next week: not shown yet
    physics = await send_plan(
        school, await write_plan(school, "uma", student="bob", subject="Physics"), "uma"
    )
    await send_plan(
        school, await write_plan(school, "tara", student="cid", subject="Physics"), "tara"
    )

    ann = (await dashboard(school, "student", "ann"))["study_plans"]
    assert ann == [
        {
            "plan_id": maths["id"],
            "title": "Fractions week",
            "week_start": "2026-11-23",
            "week_end": "2026-11-29",
            "sent_at": maths["sent_at"],
            "subject_name": "Mathematics",
            "teacher": {"id": str(school["teo"].id), "name": "Teo Test"},
            "student": {"id": str(school["ann"].id), "name": "Ann Test"},
            "files": 1,
        }
    ]
    paula = (await dashboard(school, "parent", "paula"))["study_plans"]
    assert [(p["plan_id"], p["student"]["name"], p["files"]) for p in paula] == [
        (maths["id"], "Ann Test", 1),
        (physics["id"], "Bob Test", 0),
    ]
    assert (await dashboard(school, "student", "bob"))["study_plans"][0]["plan_id"] == physics["id"]
