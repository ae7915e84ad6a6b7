"""Study plans over HTTP: a teacher drafts a week's plan for an enrolled student, sends it, and
the student, tutor and parent read it (and its files); nobody else learns it exists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.homework_helpers import PDF, PNG, PROGRAM, media_files
from tests.api.learning_helpers import School, build_school
from tests.api.study_plan_helpers import (
    MONDAY,
    NEXT_MONDAY,
    PLANS,
    attach,
    plan_body,
    plan_notices,
    plan_rows,
    read,
    seed_sent_plans,
    send_plan,
    stored_file_rows,
    titles,
    write_plan,
)
from thebot.bootstrap import Container
from thebot.config import Settings

READERS = ("teo", "ann", "tina", "paula", "admin")
OUTSIDERS = ("bob", "cid", "pete", "tom", "tara")


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def test_a_new_plan_is_a_draft_only_its_author_sees(school: School) -> None:
    plan = await write_plan(school)
    assert plan["status"] == "draft"
    assert plan["sent_at"] is None
    assert (plan["week_start"], plan["week_end"]) == ("2026-11-23", "2026-11-29")
    assert plan["enrollment_id"] == school.enrollments["ann:Mathematics:teo"]["id"]
    assert (plan["author_name"], plan["student_name"], plan["subject_name"]) == (
        "Teo Test",
        "Ann Test",
        "Mathematics",
    )
    assert (plan["title"], plan["files"]) == ("Fractions week", [])
    url = f"{PLANS}/{plan['id']}"
    assert (await read(school, "teo", url)).json()["id"] == plan["id"]
    assert await titles(school, "teo") == ["Fractions week"]
    for viewer in ("ann", "tina", "paula", "admin", "tara", "bob"):
        assert_problem(await read(school, viewer, url), 404)
        assert await titles(school, viewer) == []


async def test_the_author_edits_and_deletes_a_draft(school: School) -> None:
    plan = await write_plan(school)
    url = f"{PLANS}/{plan['id']}"
    edited = await school.client.patch(
        url,
        json={"title": "  Decimals week ", "week_start": NEXT_MONDAY.isoformat()},
        headers=school["teo"].headers,
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["title"], edited.json()["week_end"]) == ("Decimals week", "2026-12-06")
    assert edited.json()["content"] == plan["content"]
    emptied = await school.client.patch(url, json={"content": ""}, headers=school["teo"].headers)
    assert emptied.json()["content"] == ""
    assert await plan_rows(school) == [("Decimals week", NEXT_MONDAY, "", "draft")]
    assert (await school.client.delete(url, headers=school["teo"].headers)).status_code == 204
    assert_problem(await read(school, "teo", url), 404)
    assert await plan_rows(school) == []


async def test_a_week_starts_on_a_monday(school: School) -> None:
    tuesday = MONDAY + timedelta(days=1)
    response = await school.client.post(
        PLANS, json=plan_body(school, week=tuesday), headers=school["teo"].headers
    )
    assert_problem(response, 400, fields=["week_start"])
    assert await plan_rows(school) == []
    plan = await write_plan(school)
    sunday = (MONDAY - timedelta(days=1)).isoformat()
    moved = await school.client.patch(
        f"{PLANS}/{plan['id']}", json={"week_start": sunday}, headers=school["teo"].headers
    )
    assert_problem(moved, 400, fields=["week_start"])
    assert [row[1] for row in await plan_rows(school)] == [MONDAY]


async def test_one_plan_per_student_subject_and_week(school: School) -> None:
    await write_plan(school, title="First")
    again = await school.client.post(
        PLANS, json=plan_body(school, title="Second"), headers=school["teo"].headers
    )
    assert_problem(again, 409)
    assert await plan_rows(school) == [("First", MONDAY, plan_body(school)["content"], "draft")]
    # Another week, another student, another subject (another teacher): all fine.
    later = await write_plan(school, week=NEXT_MONDAY, title="Later")
    await write_plan(school, student="bob", title="Bob's")
    await write_plan(school, "tara", subject="English", title="English")
    clash = await school.client.patch(
        f"{PLANS}/{later['id']}",
        json={"week_start": MONDAY.isoformat()},
        headers=school["teo"].headers,
    )
    assert_problem(clash, 409)
    assert (await read(school, "teo", f"{PLANS}/{later['id']}")).json()["week_start"] == (
        NEXT_MONDAY.isoformat()
    )
    assert len(await plan_rows(school)) == 4


@pytest.mark.parametrize(
    ("author", "student", "subject", "status"),
    [
        ("tara", "bob", "English", 404),  # not her student
        ("tara", "ann", "Mathematics", 404),  # her student, not her subject with ann
        ("teo", "ann", "English", 404),  # his student, another teacher's subject
        ("teo", "cid", "Mathematics", 404),  # a student he does not teach
        ("teo", "teo", "Mathematics", 404),  # not a student at all
        ("ann", "ann", "Mathematics", 403),
        ("tina", "ann", "Mathematics", 403),
        ("paula", "ann", "Mathematics", 403),
        ("admin", "ann", "Mathematics", 403),
    ],
)
async def test_only_a_teacher_writes_for_own_enrolled_students(
    school: School, author: str, student: str, subject: str, status: int
) -> None:
    body = plan_body(school, student=student, subject=subject)
    assert_problem(
        await school.client.post(PLANS, json=body, headers=school[author].headers), status
    )
    assert await plan_rows(school) == []


async def test_unknown_students_subjects_and_ended_enrollments_are_404(school: School) -> None:
    unknown = "01a21422-9cdf-70cb-b764-962ed984c990"
    for change in ({"student_id": unknown}, {"subject_id": unknown}):
        body = {**plan_body(school), **change}
        assert_problem(
            await school.client.post(PLANS, json=body, headers=school["teo"].headers), 404
        )
    enrollment = school.enrollments["bob:Mathematics:teo"]["id"]
    ended = await school.client.delete(
        f"/api/v1/enrollments/{enrollment}", headers=school["admin"].headers
    )
    assert ended.is_success, ended.text
    body = plan_body(school, student="bob")
    assert_problem(await school.client.post(PLANS, json=body, headers=school["teo"].headers), 404)
    assert await plan_rows(school) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"student_id": "not-a-uuid"}, "student_id"),
        ({"subject_id": 7}, "subject_id"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"content": "x" * 20_001}, "content"),
        ({"week_start": "next monday"}, "week_start"),
        ({"status": "sent"}, "status"),
        ({"author_id": "01a21422-9cdf-70cb-b764-962ed984c990"}, "author_id"),
    ],
)
async def test_malformed_plans_are_400_and_create_nothing(
    school: School, change: dict[str, Any], field: str
) -> None:
    body = {**plan_body(school), **change}
    response = await school.client.post(PLANS, json=body, headers=school["teo"].headers)
    assert_problem(response, 400, fields=[field])
    assert await plan_rows(school) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"content": "x" * 20_001}, "content"),
        ({"student_id": "01a21422-9cdf-70cb-b764-962ed984c990"}, "student_id"),
        ({"week_start": 20261130}, "week_start"),
    ],
)
async def test_malformed_changes_are_400_and_change_nothing(
    school: School, change: dict[str, Any], field: str
) -> None:
    plan = await write_plan(school)
    response = await school.client.patch(
        f"{PLANS}/{plan['id']}", json=change, headers=school["teo"].headers
    )
    assert_problem(response, 400, fields=[field])
    assert await plan_rows(school) == [("Fractions week", MONDAY, plan["content"], "draft")]


async def test_another_teachers_plan_does_not_exist_for_them(school: School) -> None:
    plan = await write_plan(school)
    url = f"{PLANS}/{plan['id']}"
    headers = school["tara"].headers
    assert_problem(await school.client.patch(url, json={"title": "x"}, headers=headers), 404)
    assert_problem(await school.client.delete(url, headers=headers), 404)
    assert_problem(await school.client.post(f"{url}/send", headers=headers), 404)
    assert_problem(await attach(school, "tara", plan), 404)
    assert await plan_rows(school) == [("Fractions week", MONDAY, plan["content"], "draft")]


async def test_sending_fixes_the_plan(school: School) -> None:
    plan = await write_plan(school)
    file = (await attach(school, "teo", plan)).json()
    sent = await send_plan(school, plan)
    assert sent["status"] == "sent"
    assert sent["sent_at"] == "2026-11-25T09:00:00Z"
    url = f"{PLANS}/{plan['id']}"
    headers = school["teo"].headers
    assert_problem(await school.client.post(f"{url}/send", headers=headers), 409)
    assert_problem(await school.client.patch(url, json={"title": "x"}, headers=headers), 409)
    assert_problem(await school.client.delete(url, headers=headers), 409)
    assert_problem(await attach(school, "teo", plan), 409)
    assert_problem(await school.client.delete(f"{url}/files/{file['id']}", headers=headers), 409)
    # Readers may not write either, the office included.
    for who in ("ann", "paula", "admin"):
        patched = await school.client.patch(url, json={"title": "x"}, headers=school[who].headers)
        assert_problem(patched, 403)
        assert_problem(await school.client.delete(url, headers=school[who].headers), 403)
    assert await plan_rows(school) == [("Fractions week", MONDAY, plan["content"], "sent")]
    assert await stored_file_rows(school) == 1


@pytest.mark.parametrize(
    ("viewer", "sees"), [*((v, True) for v in READERS), *((v, False) for v in OUTSIDERS)]
)
async def test_who_reads_a_sent_plan_and_its_files(school: School, viewer: str, sees: bool) -> None:
    plan = await write_plan(school)
    file = (await attach(school, "teo", plan)).json()
    await write_plan(school, student="bob", title="Bob's draft")
    await send_plan(school, plan)
    url = f"{PLANS}/{plan['id']}"
    got = await read(school, viewer, url)
    downloaded = await read(school, viewer, f"{url}/files/{file['id']}")
    if sees:
        assert got.json()["files"] == [file]
        assert downloaded.content == PDF
        assert downloaded.headers["content-type"] == "application/pdf"
        expected = ["Bob's draft", "Fractions week"] if viewer == "teo" else ["Fractions week"]
        assert sorted(await titles(school, viewer)) == expected
    else:
        assert_problem(got, 404)
        assert_problem(downloaded, 404)
        assert await titles(school, viewer) == []


async def test_files_of_a_draft_are_the_authors(school: School, settings: Settings) -> None:
    plan = await write_plan(school)
    attached = await attach(school, "teo", plan, PNG, "diagram.pdf")
    assert attached.status_code == 201, attached.text
    file = attached.json()
    assert (file["name"], file["content_type"], file["size"]) == (
        "diagram.pdf.png",
        "image/png",
        72,
    )
    url = f"{PLANS}/{plan['id']}/files/{file['id']}"
    assert (await read(school, "teo", url)).content == PNG
    for viewer in ("ann", "tina", "paula", "admin"):
        assert_problem(await read(school, viewer, url), 404)
        assert_problem(await attach(school, viewer, plan), 404)
    other = await write_plan(school, student="bob")
    # A file is reachable only through the plan it belongs to.
    assert_problem(await read(school, "teo", f"{PLANS}/{other['id']}/files/{file['id']}"), 404)
    assert len(media_files(settings)) == 1
    assert (await school.client.delete(url, headers=school["teo"].headers)).status_code == 204
    assert_problem(await school.client.delete(url, headers=school["teo"].headers), 404)
    assert (await read(school, "teo", f"{PLANS}/{plan['id']}")).json()["files"] == []
    assert media_files(settings) == []
    assert await stored_file_rows(school) == 0


async def test_files_are_judged_by_content_ten_at_most_and_go_with_the_draft(
    school: School, settings: Settings
) -> None:
    plan = await write_plan(school)
    assert_problem(await attach(school, "teo", plan, PROGRAM, "plan.pdf"), 400, fields=["file"])
    assert_problem(await attach(school, "teo", plan, b""), 400, fields=["file"])
    as_json = await school.client.post(
        f"{PLANS}/{plan['id']}/files", json={"file": "x"}, headers=school["teo"].headers
    )
    assert_problem(as_json, 415)
    assert media_files(settings) == []
    assert await stored_file_rows(school) == 0
    for _ in range(10):
        assert (await attach(school, "teo", plan)).status_code == 201
    assert_problem(await attach(school, "teo", plan), 409)  # ten files at most
    assert len(media_files(settings)) == 10
    deleted = await school.client.delete(f"{PLANS}/{plan['id']}", headers=school["teo"].headers)
    assert deleted.status_code == 204
    assert media_files(settings) == []
    assert await stored_file_rows(school) == 0


async def test_sending_notifies_the_student_tutor_and_parent_once(school: School) -> None:
    draft = await write_plan(school)
    everyone = ("ann", "tina", "paula", "teo", "bob", "cid", "pete", "tom", "tara", "admin")
    assert [await plan_notices(school, person) for person in everyone] == [[]] * len(everyone)
    plan = await send_plan(school, draft)
    for person in ("ann", "tina", "paula"):
        notices = await plan_notices(school, person)
        assert len(notices) == 1, person
        assert notices[0]["link"] == f"/study-plans/{plan['id']}"
        assert notices[0]["title"] == "Study plan for Ann Test: Mathematics"
        assert notices[0]["body"] == (
            "Teo Test sent the plan for the week of 23.11.2026: Fractions week"
        )
    for person in ("teo", "bob", "cid", "pete", "tom", "tara", "admin"):
        assert await plan_notices(school, person) == [], person


async def test_list_filters_and_pages(school: School) -> None:
    week3 = NEXT_MONDAY + timedelta(days=7)
    for week, title in ((MONDAY, "ann 1"), (NEXT_MONDAY, "ann 2"), (week3, "ann 3")):
        await send_plan(school, await write_plan(school, week=week, title=title))
    await write_plan(school, student="bob", title="bob 1")
    await send_plan(
        school, await write_plan(school, "tara", subject="English", title="english"), "tara"
    )
    maths = str(school.subjects["Mathematics"])
    assert await titles(school, "teo") == ["ann 3", "ann 2", "ann 1", "bob 1"]
    assert await titles(school, "teo", status="draft") == ["bob 1"]
    assert await titles(school, "teo", student_id=str(school["bob"].id)) == ["bob 1"]
    assert await titles(school, "tina", subject_id=maths) == ["ann 3", "ann 2", "ann 1"]
    assert await titles(school, "paula", week_start=MONDAY.isoformat()) == ["english", "ann 1"]
    # A week overlapping the range counts: the Wednesday of the first week picks it.
    wednesday = (MONDAY + timedelta(days=2)).isoformat()
    assert await titles(
        school, "ann", week_from=wednesday, week_to=NEXT_MONDAY.isoformat(), subject_id=maths
    ) == ["ann 2", "ann 1"]
    assert await titles(school, "admin", week_from=week3.isoformat()) == ["ann 3"]
    first = (await read(school, "ann", limit=2)).json()
    second = (await read(school, "ann", limit=2, offset=2)).json()
    assert (first["total"], first["limit"], first["offset"]) == (4, 2, 0)
    assert [p["title"] for p in first["items"]] == ["ann 3", "ann 2"]
    assert [p["title"] for p in second["items"]] == ["english", "ann 1"]
    assert (await read(school, "ann", offset=10)).json()["items"] == []
    for params in (
        {"week_start": "monday"},
        {"status": "archived"},
        {"student_id": "x"},
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
    ):
        assert_problem(await read(school, "ann", **params), 400)
    backwards = await read(
        school, "ann", week_from=NEXT_MONDAY.isoformat(), week_to=MONDAY.isoformat()
    )
    assert_problem(backwards, 400, fields=["week_to"])


@pytest.mark.parametrize("viewer", ["teo", "ann", "paula", "admin"])
async def test_the_list_costs_the_same_for_2_and_for_20_plans(
    school: School, count_statements: Callable[[], Any], viewer: str
) -> None:
    async def cost(expected_total: int) -> int:
        with count_statements() as counter:
            response = await read(school, viewer, limit=100)
        assert response.status_code == 200, response.text
        assert response.json()["total"] == expected_total
        assert all(len(p["files"]) == 1 for p in response.json()["items"])
        return counter.count

    await seed_sent_plans(school, 2, MONDAY)
    few = await cost(2)
    await seed_sent_plans(school, 18, MONDAY + timedelta(weeks=2))
    many = await cost(20)
    assert few == many


async def test_current_plans_are_the_sent_ones_whose_week_holds_the_day(
    school: School, count_statements: Callable[[], Any]
) -> None:
    await seed_sent_plans(school, 2, MONDAY)  # weeks of 23 and 30 November
    await write_plan(school, student="bob", title="draft")
    english = await write_plan(school, "tara", subject="English", title="english")
    await attach(school, "tara", english, PNG, "words.png")
    await send_plan(school, english, "tara")
    students = [school["ann"].id, school["bob"].id, school["cid"].id]
    async with school.container.unit_of_work() as uow:
        with count_statements() as counter:
            sunday = await uow.study_plans.current_for(students, MONDAY + timedelta(days=6))
        # SQLite opens its transaction with a statement of its own; that is not a query.
        queries = [s for s in counter.statements if not s.startswith("BEGIN")]
        assert len(queries) == 1
        monday = await uow.study_plans.current_for(students, NEXT_MONDAY)
        before = await uow.study_plans.current_for(students, MONDAY - timedelta(days=1))
        nobody = await uow.study_plans.current_for([], MONDAY)
    assert sorted((p.title, len(p.files)) for p in sunday) == [("Week 0", 1), ("english", 1)]
    assert [p.title for p in monday] == ["Week 1"]
    assert [p.week_end for p in monday] == [NEXT_MONDAY + timedelta(days=6)]
    assert (before, nobody) == ([], [])
