"""Dashboards: exact values for a realistic family, fixed statement counts, one role each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.api.forum_helpers import CHATS, chat_titled, chats_of, sent
from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.lesson_helpers import LESSONS, at, scheduled
from tests.api.payment_helpers import confirm, priced, started
from tests.api.study_plan_helpers import NEXT_MONDAY, attach, send_plan, write_plan
from tests.conftest import TEST_DATABASE_URL
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role
from thebot.domain.notifications.entities import Notice, NotificationKind


async def material(
    school: School,
    teacher: str,
    subject: str,
    title: str,
    students: list[str],
    status: str = "active",
) -> str:
    response = await school.client.post(
        "/api/v1/materials",
        json={
            "title": title,
            "subject_id": str(school.subjects[subject]),
            "type": "theory",
            "status": status,
            "student_ids": [str(school[s].id) for s in students],
        },
        headers=school[teacher].headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def progress(
    school: School, student: str, material_id: str, percent: int, minutes: int
) -> None:
    response = await school.client.post(
        f"/api/v1/materials/{material_id}/progress",
        json={"progress_percentage": percent, "time_spent_minutes": minutes},
        headers=school[student].headers,
    )
    assert response.status_code == 200, response.text


@pytest.fixture
async def family(client: Client, container: Container) -> dict[str, Any]:
    """Paula's two children with Tina as tutor and three teachers; Pete's family beside them."""
    school = await build_school(client, container)
    await school.add("uma", Role.TEACHER)
    await school.teaches("uma", "Physics")
    await school.enroll("bob", "Physics", "uma")
    m1 = await material(school, "teo", "Mathematics", "Fractions", ["ann", "bob"])
    m2 = await material(school, "teo", "Mathematics", "Decimals", ["ann"])
    m3 = await material(school, "teo", "Mathematics", "Draft notes", ["ann"], status="draft")
    e1 = await material(school, "tara", "English", "Past simple", ["ann"])
    p1 = await material(school, "uma", "Physics", "Forces", ["bob"])
    await material(school, "tara", "Physics", "Waves", ["cid"])
    await progress(school, "ann", m1, 100, 20)
    await progress(school, "ann", m2, 50, 10)
    await progress(school, "bob", m1, 40, 15)
    clock = container.clock
    due = (clock.now() + timedelta(days=2)).isoformat()
    homework = (
        await client.post(
            "/api/v1/assignments",
            json={
                "title": "Exercises",
                "subject_id": str(school.subjects["Mathematics"]),
                "due_at": due,
                "max_score": 10,
                "student_ids": [str(school["ann"].id), str(school["bob"].id)],
            },
            headers=school["teo"].headers,
        )
    ).json()
    submission = (
        await client.post(
            f"/api/v1/assignments/{homework['id']}/submissions",
            files={"text": (None, "done")},
            headers=school["ann"].headers,
        )
    ).json()
    await client.post(
        f"/api/v1/submissions/{submission['id']}/feedback",
        json={"score": 8, "comment": "Good"},
        headers=school["teo"].headers,
    )
    period = {"period_start": "2026-11-01", "period_end": "2026-11-30", "send": True}
    teo_report = (
        await client.post(
            "/api/v1/reports",
            json={"student_id": str(school["ann"].id), "title": "Ann, maths", **period},
            headers=school["teo"].headers,
        )
    ).json()
    tina_report = (
        await client.post(
            "/api/v1/reports",
            json={"student_id": str(school["bob"].id), "title": "Bob, November", **period},
            headers=school["tina"].headers,
        )
    ).json()
    await client.post(f"/api/v1/reports/{tina_report['id']}/read", headers=school["paula"].headers)
    # Money: Ann's maths is paid, her English priced and never paid, Bob's maths being paid.
    ann_maths = await priced(school, "ann:Mathematics:teo")
    await priced(school, "ann:English:tara", "2000.00")
    bob_maths = await priced(school, "bob:Mathematics:teo")
    paid = await started(school, "paula", ann_maths)
    await confirm(school, paid)
    clock.advance(minutes=1)
    open_payment = await started(school, "paula", bob_maths)
    return {
        "school": school,
        "m1": m1,
        "m2": m2,
        "m3": m3,
        "e1": e1,
        "p1": p1,
        "homework": homework,
        "submission": submission,
        "teo_report": teo_report,
        "tina_report": tina_report,
        "paid": paid,
        "open_payment": open_payment,
    }


async def dashboard(school: School, role: str, who: str) -> dict[str, Any]:
    response = await school.client.get(f"/api/v1/dashboard/{role}", headers=school[who].headers)
    assert response.status_code == 200, response.text
    assert len(response.content) < 100_000
    body: dict[str, Any] = response.json()
    return body


async def test_student_dashboard(family: dict[str, Any]) -> None:
    school = family["school"]
    ann = await dashboard(school, "student", "ann")
    assert ann["greeting"] == {"first_name": "Ann", "full_name": "Ann Test", "avatar_url": None}
    assert [(s["name"], s["teacher"]["name"]) for s in ann["subjects"]] == [
        ("English", "Tara Test"),
        ("Mathematics", "Teo Test"),
    ]
    assert ann["progress"] == {
        "materials_total": 3,
        "completed": 1,
        "in_progress": 1,
        "not_started": 1,
        "average_progress": 50.0,
        "time_spent_minutes": 30,
    }
    cards = {c["material_id"]: c for c in ann["current_materials"]}
    assert set(cards) == {family["m1"], family["m2"], family["e1"]}
    assert ann["current_materials"][-1]["material_id"] == family["m1"]  # the completed one last
    assert cards[family["m2"]]["progress_percentage"] == 50
    assert ann["homework_due"] == []
    assert [
        (g["assignment_id"], g["score"], g["max_score"], g["feedback"])
        for g in ann["recently_graded"]
    ] == [(family["homework"]["id"], 8, 10, "Good")]
    assert {a["kind"] for a in ann["recent_activity"]} == {"progress", "submitted", "graded"}

    bob = await dashboard(school, "student", "bob")
    assert [(h["assignment_id"], h["state"], h["is_overdue"]) for h in bob["homework_due"]] == [
        (family["homework"]["id"], "not_submitted", False)
    ]
    assert bob["progress"]["average_progress"] == 20.0
    assert [s["name"] for s in bob["subjects"]] == ["Mathematics", "Physics"]


async def test_teacher_dashboard(family: dict[str, Any]) -> None:
    teo = await dashboard(family["school"], "teacher", "teo")
    assert teo["counters"] == {
        "students": 2,
        "active_materials": 2,
        "submissions_to_grade": 0,
        "lessons_this_week": 0,
    }
    assert [
        (s["student"]["name"], s["subject_name"], s["completion_percentage"])
        for s in teo["students"]
    ] == [
        ("Ann Test", "Mathematics", 75.0),
        ("Bob Test", "Mathematics", 40.0),
    ]
    assert teo["students_total"] == 2
    stats = {
        m["material_id"]: (m["status"], m["assigned_count"], m["completed_count"])
        for m in teo["materials"]
    }
    assert stats == {
        family["m1"]: ("active", 2, 1),
        family["m2"]: ("active", 1, 0),
        family["m3"]: ("draft", 1, 0),
    }
    assert [r["report_id"] for r in teo["recent_reports"]] == [family["teo_report"]["id"]]
    assert teo["submissions_waiting"] == []


async def test_teacher_sees_work_waiting_oldest_first(family: dict[str, Any]) -> None:
    school = family["school"]
    await school.client.post(
        f"/api/v1/assignments/{family['homework']['id']}/submissions",
        files={"text": (None, "mine")},
        headers=school["bob"].headers,
    )
    teo = await dashboard(school, "teacher", "teo")
    assert teo["counters"]["submissions_to_grade"] == 1
    waiting = teo["submissions_waiting"][0]
    assert (waiting["student"]["name"], waiting["assignment_id"], waiting["is_late"]) == (
        "Bob Test",
        family["homework"]["id"],
        False,
    )


async def test_tutor_dashboard(family: dict[str, Any]) -> None:
    school = family["school"]
    tina = await dashboard(school, "tutor", "tina")
    ann, bob = tina["students"]
    assert (
        ann["student"]["name"],
        ann["grade"],
        ann["parent"]["name"],
        ann["average_progress"],
    ) == ("Ann Test", 8, "Paula Test", 50.0)
    assert [
        (s["subject_name"], s["teacher"]["name"], s["progress_percentage"]) for s in ann["subjects"]
    ] == [
        ("English", "Tara Test", 0.0),
        ("Mathematics", "Teo Test", 75.0),
    ]
    assert ann["last_report"]["report_id"] == family["teo_report"]["id"]
    assert [(s["subject_name"], s["progress_percentage"]) for s in bob["subjects"]] == [
        ("Mathematics", 40.0),
        ("Physics", 0.0),
    ]
    assert bob["average_progress"] == 20.0
    assert bob["last_report"]["report_id"] == family["tina_report"]["id"]
    assert [
        (s["subject_name"], s["payment"]["state"], s["payment"]["paid_until"])
        for s in ann["subjects"]
    ] == [("English", "no_payment", None), ("Mathematics", "paid", "2026-12-22")]
    assert [s["payment"]["state"] for s in bob["subjects"]] == ["awaiting_payment", "no_payment"]
    assert bob["subjects"][1]["payment"]["price_per_period"] is None
    assert tina["statistics"] == {
        "students": 2,
        "subjects": 4,
        "average_progress": 35.0,
        "overdue_payments": 0,
    }
    assert [r["report_id"] for r in tina["recent_reports"]] == [family["tina_report"]["id"]]


async def test_parent_dashboard(family: dict[str, Any]) -> None:
    paula = await dashboard(family["school"], "parent", "paula")
    assert [
        (c["student"]["name"], c["tutor"]["name"], c["average_progress"]) for c in paula["children"]
    ] == [
        ("Ann Test", "Tina Test", 50.0),
        ("Bob Test", "Tina Test", 20.0),
    ]
    assert [
        (s["subject_name"], s["teacher"]["name"]) for s in paula["children"][1]["subjects"]
    ] == [
        ("Mathematics", "Teo Test"),
        ("Physics", "Uma Test"),
    ]
    assert [r["report_id"] for r in paula["unread_reports"]] == [family["teo_report"]["id"]]
    assert paula["statistics"] == {
        "children": 2,
        "average_progress": 35.0,
        "unread_reports": 1,
        "paid": 1,
        "awaiting": 1,
        "overdue": 0,
    }
    assert [
        (d["student"]["name"], d["subject_name"], d["amount"], d["state"], d["payment_id"])
        for d in paula["payments_due"]
    ] == [
        ("Ann Test", "English", "2000.00", "no_payment", None),
        ("Bob Test", "Mathematics", "1500.00", "awaiting_payment", family["open_payment"]["id"]),
    ]
    assert (
        paula["payments_due"][1]["confirmation_url"] == family["open_payment"]["confirmation_url"]
    )
    assert [
        (p["payment_id"], p["student"]["name"], p["amount"], p["status"])
        for p in paula["recent_payments"]
    ] == [
        (family["open_payment"]["id"], "Bob Test", "1500.00", "pending"),
        (family["paid"]["id"], "Ann Test", "1500.00", "succeeded"),
    ]
    subjects = paula["children"][0]["subjects"]
    assert [(s["subject_name"], s["payment"]["state"]) for s in subjects] == [
        ("English", "no_payment"),
        ("Mathematics", "paid"),
    ]
    pete = await dashboard(family["school"], "parent", "pete")
    assert [c["student"]["name"] for c in pete["children"]] == ["Cid Test"]
    assert pete["unread_reports"] == []
    assert (pete["payments_due"], pete["recent_payments"]) == ([], [])


async def test_a_paid_period_that_ended_shows_as_overdue(family: dict[str, Any]) -> None:
    school = family["school"]
    school.container.clock.advance(hours=24 * 28)  # 2026-12-23: Ann's maths ran out yesterday
    await school.sign_in_again()
    paula = await dashboard(school, "parent", "paula")
    assert paula["statistics"]["overdue"] == 1
    assert paula["statistics"]["paid"] == 0
    first = paula["payments_due"][0]
    assert (first["subject_name"], first["state"], first["paid_until"]) == (
        "Mathematics",
        "overdue",
        "2026-12-22",
    )
    tina = await dashboard(school, "tutor", "tina")
    assert tina["statistics"]["overdue_payments"] == 1


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


@pytest.mark.parametrize("role", ["student", "teacher", "tutor", "parent"])
async def test_each_dashboard_is_for_its_role_only(family: dict[str, Any], role: str) -> None:
    school = family["school"]
    owners = {"student": "ann", "teacher": "teo", "tutor": "tina", "parent": "paula"}
    for other in ("ann", "teo", "tina", "paula", "admin"):
        if other != owners[role]:
            assert_problem(
                await school.client.get(f"/api/v1/dashboard/{role}", headers=school[other].headers),
                403,
            )
    assert_problem(await school.client.get(f"/api/v1/dashboard/{role}"), 401)


async def test_dashboards_cost_the_same_at_two_volumes(
    family: dict[str, Any], count_statements: Callable[[], Any]
) -> None:
    school = family["school"]
    owners = {"student": "ann", "teacher": "teo", "tutor": "tina", "parent": "paula"}

    async def costs() -> dict[str, int]:
        result = {}
        for role, who in owners.items():
            with count_statements() as counter:
                await dashboard(school, role, who)
            result[role] = counter.count
        return result

    small = await costs()
    for day in range(26, 30):
        for hour in ("09", "11", "13"):
            for student in ("ann", "bob"):
                start = f"2026-11-{day}T{hour}:{'00' if student == 'ann' else '30'}:00+03:00"
                end = f"2026-11-{day}T{hour}:{'25' if student == 'ann' else '55'}:00+03:00"
                await scheduled(school, "teo", student, "Mathematics", start, end)
    for room in await chats_of(school, "teo"):
        for n in range(5):
            await sent(school, "teo", room["id"], f"Note {n}")
    for room in await chats_of(school, "ann"):
        await sent(school, "ann", room["id"], "Thanks")
    for n in range(40):
        mid = await material(school, "teo", "Mathematics", f"Extra {n}", ["ann", "bob"])
        await progress(school, "ann", mid, n % 101, 1)
    for n in range(10):
        await school.client.post(
            "/api/v1/reports",
            json={
                "student_id": str(school["ann"].id),
                "title": f"Week {n}",
                "period_start": "2026-11-01",
                "period_end": "2026-11-07",
                "send": True,
            },
            headers=school["teo"].headers,
        )
    large = await costs()
    assert small == large
    # The sign-in check included; SQLite adds its BEGIN IMMEDIATE to each.
    begin = 0 if TEST_DATABASE_URL else 1
    assert large == {
        "student": 10 + begin,
        "teacher": 9 + begin,
        "tutor": 7 + begin,
        "parent": 9 + begin,
    }


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
