"""Homework end to end: set, attach, hand in, re-submit, grade, return, see the grade."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.homework_helpers import (
    ASSIGNMENTS,
    PDF,
    SUBMISSIONS,
    attach,
    feedback,
    hand_in,
    read,
    set_homework,
    submitted,
)
from tests.api.learning_helpers import School, build_school
from thebot.bootstrap import Container


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def test_homework_from_setting_to_grades(school: School) -> None:
    clock = school.container.clock
    start = clock.now()
    # Due in ten minutes: the whole story fits in the access tokens' fifteen.
    homework = await set_homework(
        school, max_score=10, instructions="Tasks 1-5 on page 12", due_in=timedelta(minutes=10)
    )
    assert homework["status"] == "published"
    assert homework["published_at"] == start.isoformat().replace("+00:00", "Z")
    assert homework["author_name"] == "Teo Test"
    assert homework["subject_name"] == "Mathematics"
    assert homework["max_score"] == 10
    assert sorted(homework["student_ids"]) == sorted([str(school["ann"].id), str(school["bob"].id)])
    assert homework["counts"] == {"assigned": 2, "submitted": 0, "graded": 0}
    assert homework["own_submission"] is None

    attached = await attach(school, "teo", homework)
    assert attached.status_code == 201, attached.text
    attachment = attached.json()
    assert attachment["name"] == "task.pdf"
    assert attachment["size"] == len(PDF)
    assert attachment["content_type"] == "application/pdf"

    # The student sees the homework with its file, and downloads it.
    seen = await read(school, "ann", f"{ASSIGNMENTS}/{homework['id']}")
    assert seen.json()["attachments"] == [attachment]
    assert seen.json()["counts"] is None
    assert seen.json()["student_ids"] == [str(school["ann"].id)]
    got = await read(
        school, "ann", f"{ASSIGNMENTS}/{homework['id']}/attachments/{attachment['id']}"
    )
    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert 'filename="task.pdf"' in got.headers["content-disposition"]

    # Ann hands in a text on time, then a file as a second version.
    clock.advance(minutes=1)
    first = await submitted(school, "ann", homework, "x = 42")
    assert first["status"] == "submitted"
    assert first["version"] == 1
    assert first["is_late"] is False
    assert [v["number"] for v in first["versions"]] == [1]
    assert first["versions"][0]["text"] == "x = 42"
    assert first["versions"][0]["file"] is None
    clock.advance(minutes=1)
    second = await hand_in(school, "ann", homework, file=("answer.pdf", PDF, "application/pdf"))
    assert second.status_code == 201, second.text
    ann_work = second.json()
    assert ann_work["id"] == first["id"]
    assert ann_work["version"] == 2
    assert ann_work["submitted_at"] == (start + timedelta(minutes=2)).isoformat().replace(
        "+00:00", "Z"
    )
    assert [(v["number"], v["text"]) for v in ann_work["versions"]] == [(1, "x = 42"), (2, None)]
    assert ann_work["versions"][1]["file"]["name"] == "answer.pdf"

    # Bob hands in after the deadline: taken, and marked late.
    clock.advance(minutes=9)
    bob_work = await submitted(school, "bob", homework, "sorry, late")
    assert bob_work["is_late"] is True
    assert bob_work["versions"][0]["is_late"] is True

    pending = await read(school, "teo", SUBMISSIONS, status="pending")
    assert [s["student_name"] for s in pending.json()["items"]] == ["Ann Test", "Bob Test"]
    assert pending.json()["total"] == 2

    graded = await feedback(school, "teo", ann_work["id"], score=9, comment="Good")
    assert graded.status_code == 200, graded.text
    assert graded.json()["status"] == "graded"
    assert graded.json()["score"] == 9
    assert graded.json()["feedback"] == "Good"
    assert graded.json()["graded_by_id"] == str(school["teo"].id)
    assert graded.json()["graded_at"] == clock.now().isoformat().replace("+00:00", "Z")

    returned = await feedback(
        school, "teo", bob_work["id"], score=4, comment="Redo task 2", return_for_revision=True
    )
    assert returned.json()["status"] == "returned"
    assert returned.json()["score"] == 4

    # Bob revises; the request for revision stays readable, the old score goes.
    again = await submitted(school, "bob", homework, "task 2 fixed")
    assert again["version"] == 2
    assert again["status"] == "submitted"
    assert again["score"] is None
    assert again["feedback"] == "Redo task 2"
    pending = await read(school, "teo", SUBMISSIONS, status="pending")
    assert [s["student_name"] for s in pending.json()["items"]] == ["Bob Test"]
    assert (await feedback(school, "teo", bob_work["id"], score=8)).json()["status"] == "graded"

    # The student sees the grade and the feedback, in the submission and next to the homework.
    mine = await read(school, "ann", f"{SUBMISSIONS}/{ann_work['id']}")
    assert (mine.json()["status"], mine.json()["score"], mine.json()["feedback"]) == (
        "graded",
        9,
        "Good",
    )
    listed = await read(school, "ann", ASSIGNMENTS)
    assert listed.json()["items"][0]["own_submission"] == {
        "id": ann_work["id"],
        "status": "graded",
        "score": 9,
        "is_late": False,
        "submitted_at": ann_work["submitted_at"],
    }
    teachers_view = await read(school, "teo", f"{ASSIGNMENTS}/{homework['id']}")
    assert teachers_view.json()["counts"] == {"assigned": 2, "submitted": 2, "graded": 2}
    assert teachers_view.json()["own_submission"] is None


async def test_only_teachers_set_homework(school: School) -> None:
    body = {
        "title": "Homework",
        "subject_id": str(school.subjects["Mathematics"]),
        "due_at": "2026-12-01T18:00:00+03:00",
        "student_ids": [str(school["ann"].id)],
    }
    for who in ("ann", "tina", "paula", "admin"):
        response = await school.client.post(ASSIGNMENTS, json=body, headers=school[who].headers)
        assert_problem(response, 403)
    assert (await read(school, "admin", ASSIGNMENTS)).json()["total"] == 0


async def test_homework_is_only_for_own_active_students_in_the_subject(school: School) -> None:
    def body(subject: str, *students: str) -> dict[str, object]:
        return {
            "title": "Homework",
            "subject_id": str(school.subjects[subject]),
            "due_at": "2026-12-01T18:00:00+03:00",
            "student_ids": [str(school[s].id) for s in students],
        }

    # Another teacher's student, and a student of this teacher in another subject.
    refused = await school.client.post(
        ASSIGNMENTS, json=body("Mathematics", "ann", "cid"), headers=school["teo"].headers
    )
    problem = assert_problem(refused, 400, fields=["student_ids"])
    assert str(school["cid"].id) in problem["errors"][0]["message"]
    assert str(school["ann"].id) not in problem["errors"][0]["message"]
    assert_problem(
        await school.client.post(
            ASSIGNMENTS, json=body("Physics", "ann"), headers=school["tara"].headers
        ),
        400,
        fields=["student_ids"],
    )
    # An ended enrollment no longer counts.
    ended = school.enrollments["bob:Mathematics:teo"]["id"]
    await school.client.delete(f"/api/v1/enrollments/{ended}", headers=school["admin"].headers)
    assert_problem(
        await school.client.post(
            ASSIGNMENTS, json=body("Mathematics", "bob"), headers=school["teo"].headers
        ),
        400,
        fields=["student_ids"],
    )
    # The teacher must teach the subject.
    assert_problem(
        await school.client.post(
            ASSIGNMENTS, json=body("English", "ann"), headers=school["teo"].headers
        ),
        400,
        fields=["subject_id"],
    )
    assert (await read(school, "admin", ASSIGNMENTS)).json()["total"] == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_at": "2026-12-01T18:00:00"}, "due_at"),
        ({"due_at": "tomorrow"}, "due_at"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"instructions": "x" * 20_001}, "instructions"),
        ({"max_score": 0}, "max_score"),
        ({"max_score": 1001}, "max_score"),
        ({"max_score": "ten"}, "max_score"),
        ({"student_ids": []}, "student_ids"),
        ({"student_ids": ["not-a-uuid"]}, "student_ids[0]"),
        ({"status": "closed"}, "status"),
        ({"status": "archived"}, "status"),
        ({"author_id": "01a21422-9cdf-70cb-b764-962ed984c990"}, "author_id"),
    ],
)
async def test_malformed_homework_is_refused_by_field(
    school: School, change: dict[str, object], field: str
) -> None:
    body = {
        "title": "Homework",
        "subject_id": str(school.subjects["Mathematics"]),
        "due_at": "2026-12-01T18:00:00+03:00",
        "student_ids": [str(school["ann"].id)],
        **change,
    }
    response = await school.client.post(ASSIGNMENTS, json=body, headers=school["teo"].headers)
    assert_problem(response, 400, fields=[field])
    assert (await read(school, "teo", ASSIGNMENTS)).json()["total"] == 0


async def test_a_draft_is_the_authors_until_published(school: School) -> None:
    clock = school.container.clock
    draft = await set_homework(school, status="draft")
    assert draft["status"] == "draft"
    assert draft["published_at"] is None
    url = f"{ASSIGNMENTS}/{draft['id']}"
    for who in ("ann", "tina", "paula", "tara"):
        assert_problem(await read(school, who, url), 404)
        assert (await read(school, who, ASSIGNMENTS)).json()["total"] == 0
    assert (await read(school, "admin", url)).status_code == 200

    clock.advance(minutes=5)
    published = await school.client.patch(
        url, json={"status": "published"}, headers=school["teo"].headers
    )
    assert published.json()["status"] == "published"
    first_published = clock.now().isoformat().replace("+00:00", "Z")
    assert published.json()["published_at"] == first_published
    assert (await read(school, "ann", url)).status_code == 200

    # Closing and reopening keeps the first publication time.
    clock.advance(minutes=1)
    for status in ("closed", "published"):
        moved = await school.client.patch(
            url, json={"status": status}, headers=school["teo"].headers
        )
        assert moved.json()["status"] == status
        assert moved.json()["published_at"] == first_published


async def test_status_moves_that_are_refused(school: School) -> None:
    draft = await set_homework(school, status="draft")
    response = await school.client.patch(
        f"{ASSIGNMENTS}/{draft['id']}", json={"status": "closed"}, headers=school["teo"].headers
    )
    assert_problem(response, 409)
    homework = await set_homework(school)
    url = f"{ASSIGNMENTS}/{homework['id']}"
    # Back to draft is fine before anyone hands in, refused after.
    for status in ("draft", "published"):
        moved = await school.client.patch(
            url, json={"status": status}, headers=school["teo"].headers
        )
        assert moved.json()["status"] == status
    await submitted(school, "ann", homework)
    back = await school.client.patch(url, json={"status": "draft"}, headers=school["teo"].headers)
    assert_problem(back, 409)
    assert (await read(school, "teo", url)).json()["status"] == "published"


async def test_only_the_author_changes_or_removes_homework(school: School) -> None:
    homework = await set_homework(school)
    url = f"{ASSIGNMENTS}/{homework['id']}"
    for who, status in (("tara", 404), ("cid", 404), ("pete", 404), ("ann", 403), ("tina", 403)):
        patched = await school.client.patch(
            url, json={"title": "Mine now"}, headers=school[who].headers
        )
        assert_problem(patched, status)
        assert_problem(await school.client.delete(url, headers=school[who].headers), status)
    assert_problem(
        await school.client.patch(url, json={"title": "x"}, headers=school["admin"].headers), 403
    )
    assert (await read(school, "teo", url)).json() == homework


async def test_the_author_changes_details_and_students(school: School) -> None:
    homework = await set_homework(school, instructions="Page 12")
    url = f"{ASSIGNMENTS}/{homework['id']}"
    changed = await school.client.patch(
        url,
        json={
            "title": "Fractions",
            "instructions": None,
            "due_at": "2026-12-10T18:00:00+03:00",
            "max_score": 20,
            "student_ids": [str(school["bob"].id)],
        },
        headers=school["teo"].headers,
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["title"], body["instructions"], body["max_score"]) == ("Fractions", None, 20)
    assert body["due_at"] == "2026-12-10T15:00:00Z"
    assert body["student_ids"] == [str(school["bob"].id)]
    assert_problem(await read(school, "ann", url), 404)
    for change, field in (
        ({"student_ids": [str(school["cid"].id)]}, "student_ids"),
        ({"due_at": "2026-12-10T18:00:00"}, "due_at"),
        ({"subject_id": str(school.subjects["English"])}, "subject_id"),
        ({"max_score": 0}, "max_score"),
    ):
        refused = await school.client.patch(url, json=change, headers=school["teo"].headers)
        assert_problem(refused, 400, fields=[field])
    assert (await read(school, "teo", url)).json() == body


async def test_scores_and_students_with_work_hold_the_homework(school: School) -> None:
    homework = await set_homework(school, max_score=10)
    url = f"{ASSIGNMENTS}/{homework['id']}"
    work = await submitted(school, "ann", homework)
    await feedback(school, "teo", work["id"], score=9)
    lower = await school.client.patch(url, json={"max_score": 8}, headers=school["teo"].headers)
    assert_problem(lower, 409)
    without_ann = await school.client.patch(
        url, json={"student_ids": [str(school["bob"].id)]}, headers=school["teo"].headers
    )
    assert_problem(without_ann, 409)
    assert_problem(await school.client.delete(url, headers=school["teo"].headers), 409)
    kept = (await read(school, "teo", url)).json()
    assert kept["max_score"] == 10
    assert len(kept["student_ids"]) == 2
    equal = await school.client.patch(url, json={"max_score": 9}, headers=school["teo"].headers)
    assert equal.json()["max_score"] == 9


async def test_homework_nobody_handed_in_is_removed(school: School) -> None:
    homework = await set_homework(school)
    url = f"{ASSIGNMENTS}/{homework['id']}"
    assert (await school.client.delete(url, headers=school["teo"].headers)).status_code == 204
    assert_problem(await read(school, "teo", url), 404)
    assert_problem(await school.client.delete(url, headers=school["teo"].headers), 404)


async def test_a_student_who_stays_keeps_homework_after_their_enrollment_ends(
    school: School,
) -> None:
    homework = await set_homework(school, students=("bob",))
    url = f"{ASSIGNMENTS}/{homework['id']}"
    ended = school.enrollments["bob:Mathematics:teo"]["id"]
    await school.client.delete(f"/api/v1/enrollments/{ended}", headers=school["admin"].headers)
    kept = await school.client.patch(
        url,
        json={"student_ids": [str(school["bob"].id), str(school["ann"].id)]},
        headers=school["teo"].headers,
    )
    assert kept.status_code == 200, kept.text
    assert len(kept.json()["student_ids"]) == 2
    # Taken off, an ended student cannot be put back.
    only_ann = {"student_ids": [str(school["ann"].id)]}
    assert (await school.client.patch(url, json=only_ann, headers=school["teo"].headers)).is_success
    back = {"student_ids": [str(school["ann"].id), str(school["bob"].id)]}
    refused = await school.client.patch(url, json=back, headers=school["teo"].headers)
    assert_problem(refused, 400, fields=["student_ids"])
    assert (await read(school, "teo", url)).json()["student_ids"] == [str(school["ann"].id)]
