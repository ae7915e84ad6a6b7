"""Study materials over HTTP: publishing to own students, reading, and progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.material_helpers import MATERIALS, listed, progress, publish
from tests.fakes.clock import FakeClock
from thebot.bootstrap import Container


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


def at(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


async def read(school: School, viewer: str, material: dict[str, Any]) -> Any:
    return await school.client.get(f"{MATERIALS}/{material['id']}", headers=school[viewer].headers)


async def test_draft_reaches_students_only_once_active_and_progress_adds_up(
    school: School, clock: FakeClock
) -> None:
    # The clock moves in minutes: access tokens live 15 of them.
    created = clock.now()
    draft = await publish(
        school, "teo", "Mathematics", ("ann",), title="Fractions", content="1/2 + 1/4"
    )
    assert draft["status"] == "draft"
    assert draft["published_at"] is None
    assert await listed(school, "ann") == []
    assert_problem(await read(school, "ann", draft), 404)
    assert_problem(await progress(school, "ann", draft, 10), 404)

    clock.advance(minutes=1)
    activated = await school.client.patch(
        f"{MATERIALS}/{draft['id']}", json={"status": "active"}, headers=school["teo"].headers
    )
    assert activated.status_code == 200, activated.text
    assert at(activated.json()["published_at"]) == clock.now()
    assert at(activated.json()["created_at"]) == created
    assert at(activated.json()["updated_at"]) == clock.now()

    seen = (await read(school, "ann", draft)).json()
    assert seen["content"] == "1/2 + 1/4"
    assert seen["progress"] is None
    assert seen["students"] is None
    assert seen["assigned_count"] is None
    assert seen["completed_count"] is None
    assert await listed(school, "ann") == ["Fractions"]

    clock.advance(minutes=2)
    started = clock.now()
    first = await progress(school, "ann", draft, 40, 15)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "progress_percentage": 40,
        "time_spent_minutes": 15,
        "started_at": first.json()["started_at"],
        "completed_at": None,
        "last_accessed_at": first.json()["last_accessed_at"],
    }
    assert at(first.json()["started_at"]) == at(first.json()["last_accessed_at"]) == started

    clock.advance(minutes=3)
    done = (await progress(school, "ann", draft, 100, 25)).json()
    assert done["progress_percentage"] == 100
    assert done["time_spent_minutes"] == 40
    assert at(done["started_at"]) == started
    assert at(done["completed_at"]) == at(done["last_accessed_at"]) == clock.now()

    item = (await school.client.get(MATERIALS, headers=school["ann"].headers)).json()["items"][0]
    assert item["progress"] == done
    assert "content" not in item

    teacher_item = (await school.client.get(MATERIALS, headers=school["teo"].headers)).json()[
        "items"
    ][0]
    assert (teacher_item["assigned_count"], teacher_item["completed_count"]) == (1, 1)
    assert teacher_item["progress"] is None
    detail = (await read(school, "teo", draft)).json()
    assert detail["students"] == [
        {"id": str(school["ann"].id), "name": "Ann Test", "progress": done}
    ]


async def test_a_new_material_carries_names_defaults_and_times(
    school: School, clock: FakeClock
) -> None:
    material = await publish(school, "teo", "Mathematics", ("ann", "bob"), difficulty=3)
    assert material["author_id"] == str(school["teo"].id)
    assert material["author_name"] == "Teo Test"
    assert material["subject_id"] == str(school.subjects["Mathematics"])
    assert material["subject_name"] == "Mathematics"
    assert (material["type"], material["status"], material["difficulty"]) == ("theory", "draft", 3)
    assert material["file"] is None
    assert material["video_url"] is None
    assert material["description"] is None
    assert at(material["created_at"]) == at(material["updated_at"]) == clock.now()
    assert (material["assigned_count"], material["completed_count"]) == (2, 0)
    assert [s["name"] for s in material["students"]] == ["Ann Test", "Bob Test"]
    assert all(s["progress"] is None for s in material["students"])


async def test_published_at_is_the_first_activation_only(school: School, clock: FakeClock) -> None:
    material = await publish(school, "teo", "Mathematics", status="active")
    first = clock.now()
    assert at(material["published_at"]) == first
    url = f"{MATERIALS}/{material['id']}"
    for status in ("archived", "active"):
        clock.advance(minutes=2)
        changed = await school.client.patch(
            url, json={"status": status}, headers=school["teo"].headers
        )
        assert changed.json()["status"] == status
        assert at(changed.json()["published_at"]) == first


async def test_completion_is_cleared_when_progress_drops_below_100(school: School) -> None:
    material = await publish(school, "teo", "Mathematics", ("bob",), status="active")
    assert (await progress(school, "bob", material, 100, 5)).json()["completed_at"] is not None
    again = (await progress(school, "bob", material, 80)).json()
    assert again["completed_at"] is None
    assert again["time_spent_minutes"] == 5
    counts = (await read(school, "teo", material)).json()
    assert counts["completed_count"] == 0


async def test_students_must_be_the_teachers_own_in_that_subject(school: School) -> None:
    maths = str(school.subjects["Mathematics"])

    async def attempt(teacher: str, subject: str, *students: str) -> Any:
        return await school.client.post(
            MATERIALS,
            json={
                "title": "Try",
                "subject_id": subject,
                "type": "practice",
                "student_ids": [str(school[s].id) for s in students],
            },
            headers=school[teacher].headers,
        )

    # cid learns physics with tara; ann learns english with tara, not with teo.
    body = assert_problem(await attempt("teo", maths, "ann", "cid"), 400, fields=["student_ids"])
    assert "not your enrolled students" in body["errors"][0]["message"]
    assert_problem(await attempt("tara", str(school.subjects["English"]), "bob"), 400)
    assert_problem(
        await attempt("teo", str(school.subjects["English"]), "ann"), 400, fields=["subject_id"]
    )
    assert_problem(
        await attempt("teo", "0190a000-0000-7000-8000-000000000000"), 400, fields=["subject_id"]
    )
    # An ended enrollment makes the student a stranger again.
    ended = school.enrollments["bob:Mathematics:teo"]["id"]
    await school.client.delete(f"/api/v1/enrollments/{ended}", headers=school["admin"].headers)
    assert_problem(await attempt("teo", maths, "bob"), 400, fields=["student_ids"])
    for viewer in ("teo", "tara", "admin"):
        assert await listed(school, viewer) == []


@pytest.mark.parametrize("role", ["ann", "tina", "paula", "admin"])
async def test_only_teachers_publish(school: School, role: str) -> None:
    response = await school.client.post(
        MATERIALS,
        json={"title": "x", "subject_id": str(school.subjects["Mathematics"]), "type": "test"},
        headers=school[role].headers,
    )
    assert_problem(response, 403)
    assert await listed(school, "admin") == []


async def test_student_ids_replace_the_assignment_set(school: School) -> None:
    material = await publish(school, "teo", "Mathematics", ("ann", "bob"), status="active")
    await progress(school, "ann", material, 50, 10)
    url = f"{MATERIALS}/{material['id']}"
    only_bob = await school.client.patch(
        url, json={"student_ids": [str(school["bob"].id)]}, headers=school["teo"].headers
    )
    assert [s["name"] for s in only_bob.json()["students"]] == ["Bob Test"]
    assert only_bob.json()["assigned_count"] == 1
    assert_problem(await read(school, "ann", material), 404)
    assert_problem(await progress(school, "ann", material, 60), 404)
    refused = await school.client.patch(
        url,
        json={"student_ids": [str(school["ann"].id), str(school["cid"].id)], "title": "New"},
        headers=school["teo"].headers,
    )
    assert_problem(refused, 400, fields=["student_ids"])
    unchanged = (await read(school, "teo", material)).json()
    assert [s["name"] for s in unchanged["students"]] == ["Bob Test"]
    assert unchanged["title"] == material["title"]
    # Assigned again, ann finds her progress where she left it.
    await school.client.patch(
        url,
        json={"student_ids": [str(school["ann"].id), str(school["bob"].id)]},
        headers=school["teo"].headers,
    )
    again = (await read(school, "ann", material)).json()
    assert again["progress"]["progress_percentage"] == 50


async def test_moving_to_another_subject_checks_the_assigned_students(school: School) -> None:
    material = await publish(school, "tara", "English", ("ann",))
    url = f"{MATERIALS}/{material['id']}"
    physics = str(school.subjects["Physics"])
    assert_problem(
        await school.client.patch(
            url, json={"subject_id": physics}, headers=school["tara"].headers
        ),
        400,
        fields=["student_ids"],
    )
    assert_problem(
        await school.client.patch(
            url,
            json={"subject_id": str(school.subjects["Mathematics"]), "student_ids": []},
            headers=school["tara"].headers,
        ),
        400,
        fields=["subject_id"],
    )
    moved = await school.client.patch(
        url,
        json={"subject_id": physics, "student_ids": [str(school["cid"].id)]},
        headers=school["tara"].headers,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["subject_name"] == "Physics"
    assert [s["name"] for s in moved.json()["students"]] == ["Cid Test"]


async def test_the_author_edits_and_clears_fields(school: School, clock: FakeClock) -> None:
    material = await publish(
        school,
        "teo",
        "Mathematics",
        description="  Read first  ",
        video_url="https://video.example/lesson",
        difficulty=2,
    )
    assert material["description"] == "Read first"
    clock.advance(minutes=1)
    changed = await school.client.patch(
        f"{MATERIALS}/{material['id']}",
        json={"title": "Renamed", "description": None, "video_url": None, "difficulty": None,
              "type": "video", "content": "Watch it"},
        headers=school["teo"].headers,
    )  # fmt: skip
    body = changed.json()
    assert (body["title"], body["type"], body["content"]) == ("Renamed", "video", "Watch it")
    assert (body["description"], body["video_url"], body["difficulty"]) == (None, None, None)
    assert at(body["updated_at"]) == clock.now()


async def test_the_author_deletes_with_assignments_and_progress(
    school: School, container: Container
) -> None:
    from sqlalchemy import func, select

    from thebot.adapters.db.models import MaterialAssignmentModel, MaterialProgressModel

    material = await publish(school, "teo", "Mathematics", ("ann", "bob"), status="active")
    await progress(school, "ann", material, 30, 5)
    url = f"{MATERIALS}/{material['id']}"
    assert (await school.client.delete(url, headers=school["teo"].headers)).status_code == 204
    assert_problem(await read(school, "teo", material), 404)
    assert await listed(school, "ann") == []
    async with container.unit_of_work() as uow:
        for model in (MaterialAssignmentModel, MaterialProgressModel):
            assert await uow.session.scalar(select(func.count()).select_from(model)) == 0
    assert_problem(await school.client.delete(url, headers=school["teo"].headers), 404)
