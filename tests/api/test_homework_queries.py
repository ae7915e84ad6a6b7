"""Homework lists: each role sees exactly its own, filters work, and a list costs the same
number of SQL statements for 3 rows as for 300."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.homework_helpers import ASSIGNMENTS, SUBMISSIONS, read, set_homework
from tests.api.learning_helpers import School, build_school
from thebot.bootstrap import Container
from thebot.domain.files.entities import NewStoredFile
from thebot.domain.learning.homework import AssignmentStatus, NewAssignment
from thebot.domain.learning.submissions import NewVersion


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.fixture
async def titles(school: School) -> None:
    await set_homework(school, title="maths")
    await set_homework(school, students=("ann",), title="maths draft", status="draft")
    await set_homework(school, "tara", "English", ("ann",), title="english")
    await set_homework(school, "tara", "Physics", ("cid",), title="physics")


@pytest.mark.usefixtures("titles")
@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("admin", {"maths", "maths draft", "english", "physics"}),
        ("teo", {"maths", "maths draft"}),
        ("tara", {"english", "physics"}),
        ("ann", {"maths", "english"}),
        ("bob", {"maths"}),
        ("cid", {"physics"}),
        ("tina", {"maths", "english"}),
        ("tom", {"physics"}),
        ("paula", {"maths", "english"}),
        ("pete", {"physics"}),
    ],
)
async def test_each_role_sees_exactly_its_homework(
    school: School, viewer: str, expected: set[str]
) -> None:
    listed = (await read(school, viewer, ASSIGNMENTS)).json()
    assert {a["title"] for a in listed["items"]} == expected
    assert listed["total"] == len(expected)
    counted = viewer in ("admin", "teo", "tara")
    assert all((a["counts"] is not None) == counted for a in listed["items"])


@pytest.mark.usefixtures("titles")
async def test_readers_only_learn_of_their_own_students(school: School) -> None:
    def students(listed: dict[str, Any], title: str) -> set[str]:
        item = next(a for a in listed["items"] if a["title"] == title)
        return set(item["student_ids"])

    ann, bob = str(school["ann"].id), str(school["bob"].id)
    assert students((await read(school, "teo", ASSIGNMENTS)).json(), "maths") == {ann, bob}
    assert students((await read(school, "bob", ASSIGNMENTS)).json(), "maths") == {bob}
    assert students((await read(school, "paula", ASSIGNMENTS)).json(), "maths") == {ann, bob}
    moved = await school.client.post(
        f"/api/v1/admin/students/{bob}/tutor",
        json={"tutor_id": str(school["tom"].id)},
        headers=school["admin"].headers,
    )
    assert moved.is_success, moved.text
    assert students((await read(school, "tina", ASSIGNMENTS)).json(), "maths") == {ann}


@pytest.mark.usefixtures("titles")
async def test_homework_filters(school: School) -> None:
    async def titles_for(viewer: str, **params: Any) -> set[str]:
        response = await read(school, viewer, ASSIGNMENTS, **params)
        assert response.status_code == 200, response.text
        return {a["title"] for a in response.json()["items"]}

    now = school.container.clock.now()
    assert await titles_for("admin", subject_id=str(school.subjects["Physics"])) == {"physics"}
    assert await titles_for("teo", status="draft") == {"maths draft"}
    assert await titles_for("tina", student_id=str(school["bob"].id)) == {"maths"}
    assert await titles_for("ann", due_from=(now + timedelta(days=3)).isoformat()) == set()
    assert await titles_for("ann", due_to=(now + timedelta(days=3)).isoformat()) == {
        "maths",
        "english",
    }
    for params, field in (
        ({"due_from": "2026-12-01T10:00:00"}, "due_from"),
        ({"due_to": "2026-12-01T10:00:00"}, "due_to"),
    ):
        assert_problem(await read(school, "ann", ASSIGNMENTS, **params), 400, fields=[field])
    for params in ({"status": "archived"}, {"limit": 0}, {"offset": -1}, {"subject_id": "x"}):
        assert_problem(await read(school, "ann", ASSIGNMENTS, **params), 400)


async def seed_homework(school: School, count: int) -> None:
    """``count`` published assignments for ann and bob, each with a file and ann's work."""
    clock = school.container.clock
    async with school.container.unit_of_work() as uow:
        for n in range(count):
            assignment_id = await uow.homework.add_assignment(
                NewAssignment(
                    author_id=school["teo"].id,
                    subject_id=school.subjects["Mathematics"],
                    title=f"Homework {n}",
                    instructions=None,
                    due_at=clock.now() + timedelta(days=1, minutes=n),
                    max_score=10,
                    status=AssignmentStatus.PUBLISHED,
                    published_at=clock.now(),
                    student_ids=(school["ann"].id, school["bob"].id),
                )
            )
            file = await uow.files.add(
                NewStoredFile(
                    key=f"homework/seed-{count}-{n}.pdf",
                    original_name="task.pdf",
                    content_type="application/pdf",
                    size=10,
                    uploaded_by_id=school["teo"].id,
                )
            )
            await uow.homework.add_attachment(assignment_id, file.id)
            await uow.submissions.add_submission(
                assignment_id,
                school["ann"].id,
                NewVersion(text="answer", file_id=None, submitted_at=clock.now(), is_late=False),
            )
        await uow.commit()


@pytest.mark.parametrize(
    ("viewer", "path", "params"),
    [
        ("teo", ASSIGNMENTS, {}),
        ("ann", ASSIGNMENTS, {}),
        ("paula", ASSIGNMENTS, {}),
        ("admin", ASSIGNMENTS, {}),
        ("teo", SUBMISSIONS, {"status": "pending"}),
        ("ann", SUBMISSIONS, {}),
    ],
)
async def test_lists_cost_the_same_for_3_and_300_rows(
    school: School,
    count_statements: Callable[[], Any],
    viewer: str,
    path: str,
    params: dict[str, Any],
) -> None:
    async def statements_for_listing(expected_total: int) -> int:
        with count_statements() as counter:
            response = await read(school, viewer, path, limit=100, **params)
        assert response.status_code == 200, response.text
        assert response.json()["total"] == expected_total
        assert len(response.json()["items"]) == min(expected_total, 100)
        return counter.count

    await seed_homework(school, 3)
    few = await statements_for_listing(3)
    await seed_homework(school, 297)
    many = await statements_for_listing(300)
    assert few == many
