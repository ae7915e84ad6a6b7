"""Handing in and grading: who may, in which state, and what a refusal leaves unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.homework_helpers import (
    ASSIGNMENTS,
    PDF,
    SUBMISSIONS,
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


@pytest.fixture
async def homework(school: School) -> dict[str, Any]:
    return await set_homework(school, max_score=10)


async def test_the_grading_queue_is_oldest_hand_in_first(
    school: School, homework: dict[str, Any]
) -> None:
    clock = school.container.clock
    await submitted(school, "ann", homework, "first try")
    clock.advance(minutes=1)
    await submitted(school, "bob", homework)
    clock.advance(minutes=1)
    # Ann's new version makes her the latest hand-in, though her submission is older.
    await submitted(school, "ann", homework, "second try")
    pending = (await read(school, "teo", SUBMISSIONS, status="pending")).json()
    assert [s["student_name"] for s in pending["items"]] == ["Bob Test", "Ann Test"]
    everything = (await read(school, "teo", SUBMISSIONS)).json()
    assert [s["student_name"] for s in everything["items"]] == ["Ann Test", "Bob Test"]
    assert (await read(school, "tara", SUBMISSIONS, status="pending")).json()["total"] == 0


async def test_only_the_author_grades(school: School, homework: dict[str, Any]) -> None:
    work = await submitted(school, "ann", homework)
    for who, status in (
        ("tara", 404),
        ("bob", 404),
        ("pete", 404),
        ("ann", 403),
        ("tina", 403),
        ("paula", 403),
        ("admin", 403),
    ):
        assert_problem(await feedback(school, who, work["id"], score=10), status)
    unchanged = (await read(school, "ann", f"{SUBMISSIONS}/{work['id']}")).json()
    assert (unchanged["status"], unchanged["score"], unchanged["graded_at"]) == (
        "submitted",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"score": 11}, "score"),
        ({"score": -1}, "score"),
        ({"score": "ten"}, "score"),
        ({"score": 5.5}, "score"),
        ({}, "score"),
        ({"score": 5, "comment": "x" * 20_001}, "comment"),
        ({"score": 5, "return_for_revision": "yes"}, "return_for_revision"),
        ({"score": 5, "graded_by_id": "01a21422-9cdf-70cb-b764-962ed984c990"}, "graded_by_id"),
    ],
)
async def test_malformed_feedback_is_refused_by_field(
    school: School, homework: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    work = await submitted(school, "ann", homework)
    assert_problem(await feedback(school, "teo", work["id"], **body), 400, fields=[field])
    unchanged = (await read(school, "teo", f"{SUBMISSIONS}/{work['id']}")).json()
    assert (unchanged["status"], unchanged["score"]) == ("submitted", None)


async def test_a_grade_may_be_corrected(school: School, homework: dict[str, Any]) -> None:
    work = await submitted(school, "ann", homework)
    await feedback(school, "teo", work["id"], score=6, comment="Fine")
    corrected = await feedback(school, "teo", work["id"], score=7)
    assert (corrected.json()["score"], corrected.json()["feedback"]) == (7, None)


async def test_only_assigned_students_hand_in_to_published_homework(
    school: School, homework: dict[str, Any]
) -> None:
    # Homework set for others, and drafts, do not exist for a student.
    only_bob = await set_homework(school, students=("bob",))
    draft = await set_homework(school, status="draft")
    for who, target in (("cid", homework), ("ann", only_bob), ("ann", draft)):
        assert_problem(await hand_in(school, who, target, "answer"), 404)
    for who in ("teo", "tina", "paula", "admin"):
        assert_problem(await hand_in(school, who, homework, "answer"), 403)
    assert (await read(school, "admin", SUBMISSIONS)).json()["total"] == 0


async def test_closed_homework_takes_no_work(school: School, homework: dict[str, Any]) -> None:
    await school.client.patch(
        f"{ASSIGNMENTS}/{homework['id']}", json={"status": "closed"}, headers=school["teo"].headers
    )
    body = assert_problem(await hand_in(school, "ann", homework, "answer"), 409)
    assert "closed" in body["detail"]
    assert (await read(school, "admin", SUBMISSIONS)).json()["total"] == 0


async def test_graded_work_is_final_for_the_student(
    school: School, homework: dict[str, Any]
) -> None:
    work = await submitted(school, "ann", homework)
    await feedback(school, "teo", work["id"], score=8, comment="Well done")
    assert_problem(await hand_in(school, "ann", homework, "one more thing"), 409)
    after = (await read(school, "ann", f"{SUBMISSIONS}/{work['id']}")).json()
    assert (after["version"], after["status"], after["score"]) == (1, "graded", 8)


@pytest.mark.parametrize(
    ("text", "fields"),
    [(None, ["text", "file"]), ("   ", ["text", "file"]), ("x" * 20_001, ["text"])],
    ids=["nothing", "blank", "too-long"],
)
async def test_work_needs_a_text_or_a_file(
    school: School, homework: dict[str, Any], text: str | None, fields: list[str]
) -> None:
    assert_problem(await hand_in(school, "ann", homework, text), 400, fields=fields)
    assert (await read(school, "ann", SUBMISSIONS)).json()["total"] == 0


async def test_handing_in_needs_multipart(school: School, homework: dict[str, Any]) -> None:
    url = f"{ASSIGNMENTS}/{homework['id']}/submissions"
    as_json = await school.client.post(url, json={"text": "x"}, headers=school["ann"].headers)
    assert_problem(as_json, 415)
    anonymous = await school.client.post(url, files=[("text", (None, "x"))])
    assert_problem(anonymous, 401)


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("ann", 200),
        ("teo", 200),
        ("admin", 200),
        ("tina", 200),
        ("paula", 200),
        ("bob", 404),
        ("tara", 404),
        ("tom", 404),
        ("pete", 404),
    ],
)
async def test_who_reads_a_submission(
    school: School, homework: dict[str, Any], viewer: str, status: int
) -> None:
    work = await submitted(school, "ann", homework)
    response = await read(school, viewer, f"{SUBMISSIONS}/{work['id']}")
    if status == 200:
        assert response.json() == work
    else:
        assert_problem(response, status)


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("admin", {"Ann Test", "Bob Test", "Cid Test"}),
        ("teo", {"Ann Test", "Bob Test"}),
        ("tara", {"Cid Test"}),
        ("ann", {"Ann Test"}),
        ("cid", {"Cid Test"}),
        ("tina", {"Ann Test", "Bob Test"}),
        ("tom", {"Cid Test"}),
        ("paula", {"Ann Test", "Bob Test"}),
        ("pete", {"Cid Test"}),
    ],
)
async def test_each_role_lists_exactly_its_submissions(
    school: School, homework: dict[str, Any], viewer: str, expected: set[str]
) -> None:
    physics = await set_homework(school, "tara", "Physics", ("cid",))
    await submitted(school, "ann", homework)
    await submitted(school, "bob", homework)
    await submitted(school, "cid", physics)
    listed = (await read(school, viewer, SUBMISSIONS)).json()
    assert {s["student_name"] for s in listed["items"]} == expected
    assert listed["total"] == len(expected)


async def test_submission_filters(school: School, homework: dict[str, Any]) -> None:
    other = await set_homework(school, title="Second")
    ann_work = await submitted(school, "ann", homework)
    bob_work = await submitted(school, "bob", homework)
    await submitted(school, "ann", other)
    await feedback(school, "teo", ann_work["id"], score=5)
    await feedback(school, "teo", bob_work["id"], score=2, return_for_revision=True)

    async def ids(**params: Any) -> list[str]:
        return [s["id"] for s in (await read(school, "teo", SUBMISSIONS, **params)).json()["items"]]

    assert await ids(status="graded") == [ann_work["id"]]
    assert await ids(status="returned") == [bob_work["id"]]
    assert len(await ids(status="pending", assignment_id=other["id"])) == 1
    assert await ids(student_id=str(school["bob"].id)) == [bob_work["id"]]
    for params in ({"status": "late"}, {"limit": 0}, {"limit": 101}, {"assignment_id": "x"}):
        assert_problem(await read(school, "teo", SUBMISSIONS, **params), 400)


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("ann", 200),
        ("teo", 200),
        ("bob", 404),
        ("tara", 404),
        ("admin", 200),
        ("tina", 404),
        ("paula", 404),
    ],
)
async def test_only_the_student_the_teacher_and_the_office_download_handed_in_files(
    school: School, homework: dict[str, Any], viewer: str, status: int
) -> None:
    response = await hand_in(
        school, "ann", homework, "see file", ("answer.pdf", PDF, "application/pdf")
    )
    work = response.json()
    got = await read(school, viewer, f"{SUBMISSIONS}/{work['id']}/versions/1/file")
    if status == 200:
        assert got.content == PDF
        assert got.headers["content-type"] == "application/pdf"
        assert got.headers["cache-control"] == "private, no-store"
    else:
        assert_problem(got, status)


async def test_versions_without_a_file_have_nothing_to_download(
    school: School, homework: dict[str, Any]
) -> None:
    work = await submitted(school, "ann", homework)
    for path in ("versions/1/file", "versions/2/file", "versions/0/file"):
        assert_problem(await read(school, "ann", f"{SUBMISSIONS}/{work['id']}/{path}"), 404)
    assert_problem(await read(school, "ann", f"{SUBMISSIONS}/{work['id']}/versions/x/file"), 404)
