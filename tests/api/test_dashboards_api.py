"""Dashboards: exact values for a realistic family, fixed statement counts, one role each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.dashboard_helpers import build_family, dashboard, material, progress
from tests.api.forum_helpers import chats_of, sent
from tests.api.helpers import Client, assert_problem
from tests.api.lesson_helpers import scheduled
from tests.conftest import TEST_DATABASE_URL
from thebot.bootstrap import Container


@pytest.fixture
async def family(client: Client, container: Container) -> dict[str, Any]:
    """Paula's two children with Tina as tutor and three teachers; Pete's family beside them."""
    return await build_family(client, container)


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
