"""Who sees and may act on which material, and what malformed input gets."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.material_helpers import MATERIALS, listed, progress, publish
from thebot.bootstrap import Container


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.fixture
async def materials(school: School) -> dict[str, dict[str, Any]]:
    """Five materials, by title:

    - "M1" teo, maths, active, ann and bob;  "M2" teo, maths, draft, ann
    - "E1" tara, english, active, ann
    - "P1" tara, physics, active, cid;       "P2" tara, physics, archived, cid
    """
    return {
        "M1": await publish(
            school, "teo", "Mathematics", ("ann", "bob"), title="M1", status="active"
        ),
        "M2": await publish(school, "teo", "Mathematics", ("ann",), title="M2", type="homework"),
        "E1": await publish(school, "tara", "English", ("ann",), title="E1", status="active"),
        "P1": await publish(school, "tara", "Physics", ("cid",), title="P1", status="active"),
        "P2": await publish(
            school, "tara", "Physics", ("cid",), title="P2", status="archived", type="video"
        ),
    }


Shelf = dict[str, dict[str, Any]]


def url(materials: Shelf, title: str, tail: str = "") -> str:
    return f"{MATERIALS}/{materials[title]['id']}{tail}"


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("admin", ["E1", "M1", "M2", "P1", "P2"]),
        ("teo", ["M1", "M2"]),
        ("tara", ["E1", "P1", "P2"]),
        ("ann", ["E1", "M1"]),
        ("bob", ["M1"]),
        ("cid", ["P1"]),
        ("tina", ["E1", "M1"]),
        ("tom", ["P1"]),
        ("paula", ["E1", "M1"]),
        ("pete", ["P1"]),
    ],
)
async def test_each_role_sees_exactly_its_materials(
    school: School, materials: Shelf, viewer: str, expected: list[str]
) -> None:
    response = await school.client.get(MATERIALS, headers=school[viewer].headers)
    body = response.json()
    assert sorted(m["title"] for m in body["items"]) == expected
    assert (body["total"], body["limit"], body["offset"]) == (len(expected), 20, 0)
    for item in body["items"]:
        # Counts are for the author and the office; progress only for the student asking.
        counted = viewer in ("admin", "teo", "tara")
        assert (item["assigned_count"] is not None) is counted
        assert (item["completed_count"] is not None) is counted
        assert item["progress"] is None
    for title in expected:
        assert (
            await school.client.get(url(materials, title), headers=school[viewer].headers)
        ).json()["title"] == title


@pytest.mark.parametrize(
    ("viewer", "params", "expected"),
    [
        ("teo", {"status": "draft"}, ["M2"]),
        ("teo", {"type": "homework"}, ["M2"]),
        ("teo", {"student_id": "bob"}, ["M1"]),
        ("tara", {"subject_id": "Physics"}, ["P1", "P2"]),
        ("tara", {"subject_id": "Physics", "status": "archived", "type": "video"}, ["P2"]),
        ("admin", {"student_id": "cid"}, ["P1", "P2"]),
        ("ann", {"subject_id": "English"}, ["E1"]),
        ("ann", {"status": "draft"}, []),
        ("ann", {"student_id": "bob"}, []),
        ("tina", {"student_id": "bob"}, ["M1"]),
        ("tina", {"student_id": "cid"}, []),
        ("pete", {"student_id": "cid"}, ["P1"]),
    ],
)
async def test_filters_narrow_what_one_may_see(
    school: School, materials: Shelf, viewer: str, params: dict[str, str], expected: list[str]
) -> None:
    if "student_id" in params:
        params["student_id"] = str(school[params["student_id"]].id)
    if "subject_id" in params:
        params["subject_id"] = str(school.subjects[params["subject_id"]])
    assert await listed(school, viewer, **params) == expected


async def test_pages_are_limited_and_counted(school: School, materials: Shelf) -> None:
    page = await school.client.get(
        MATERIALS, params={"limit": 2, "offset": 1}, headers=school["admin"].headers
    )
    assert [m["title"] for m in page.json()["items"]] == ["P1", "E1"]  # newest first
    assert (page.json()["total"], page.json()["limit"], page.json()["offset"]) == (5, 2, 1)
    for params, field in [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"status": "published"}, "status"),
        ({"type": "essay"}, "type"),
        ({"student_id": "me"}, "student_id"),
    ]:
        response = await school.client.get(MATERIALS, params=params, headers=school["teo"].headers)
        assert_problem(response, 400, fields=[field])


@pytest.mark.parametrize(
    ("viewer", "title"),
    [
        ("teo", "P1"),
        ("ann", "P1"),
        ("ann", "M2"),  # assigned, but a draft
        ("bob", "E1"),
        ("cid", "P2"),  # assigned, but archived
        ("tina", "P1"),
        ("tom", "M1"),
        ("paula", "P1"),
        ("pete", "E1"),
    ],
)
async def test_materials_one_may_not_know_are_404_for_every_action(
    school: School, materials: Shelf, viewer: str, title: str
) -> None:
    headers = school[viewer].headers
    assert_problem(await school.client.get(url(materials, title), headers=headers), 404)
    assert_problem(
        await school.client.patch(url(materials, title), json={"title": "x"}, headers=headers), 404
    )
    assert_problem(await school.client.delete(url(materials, title), headers=headers), 404)
    assert_problem(await school.client.get(url(materials, title, "/file"), headers=headers), 404)
    assert_problem(await school.client.delete(url(materials, title, "/file"), headers=headers), 404)
    if school[viewer].role == "student":
        assert_problem(await progress(school, viewer, materials[title], 10), 404)
    assert (await school.client.get(url(materials, title), headers=school["admin"].headers)).json()[
        "title"
    ] == title


@pytest.mark.parametrize("viewer", ["ann", "bob", "tina", "paula", "admin"])
async def test_those_who_see_a_material_but_did_not_write_it_get_403(
    school: School, materials: Shelf, viewer: str
) -> None:
    headers = school[viewer].headers
    assert_problem(
        await school.client.patch(url(materials, "M1"), json={"title": "Mine"}, headers=headers),
        403,
    )
    assert_problem(await school.client.delete(url(materials, "M1"), headers=headers), 403)
    assert_problem(await school.client.delete(url(materials, "M1", "/file"), headers=headers), 403)
    unchanged = await school.client.get(url(materials, "M1"), headers=school["teo"].headers)
    assert unchanged.json()["title"] == "M1"
    assert unchanged.json()["assigned_count"] == 2


@pytest.mark.parametrize("viewer", ["teo", "tina", "paula", "admin"])
async def test_only_students_record_progress(school: School, materials: Shelf, viewer: str) -> None:
    assert_problem(await progress(school, viewer, materials["M1"], 10), 403)
    students = (
        await school.client.get(url(materials, "M1"), headers=school["teo"].headers)
    ).json()["students"]
    assert [s["progress"] for s in students] == [None, None]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"progress_percentage": 101}, "progress_percentage"),
        ({"progress_percentage": -1}, "progress_percentage"),
        ({"progress_percentage": None}, "progress_percentage"),
        ({"progress_percentage": 50.5}, "progress_percentage"),
        ({"time_spent_minutes": 5}, "progress_percentage"),
        ({"progress_percentage": 50, "time_spent_minutes": 1441}, "time_spent_minutes"),
        ({"progress_percentage": 50, "time_spent_minutes": -5}, "time_spent_minutes"),
        ({"progress_percentage": 50, "completed_at": None}, "completed_at"),
    ],
)
async def test_malformed_progress_is_400_and_changes_nothing(
    school: School, materials: Shelf, body: dict[str, Any], field: str
) -> None:
    assert (await progress(school, "ann", materials["M1"], 20, 7)).status_code == 200
    response = await school.client.post(
        url(materials, "M1", "/progress"), json=body, headers=school["ann"].headers
    )
    assert_problem(response, 400, fields=[field])
    mine = (await school.client.get(url(materials, "M1"), headers=school["ann"].headers)).json()
    assert (mine["progress"]["progress_percentage"], mine["progress"]["time_spent_minutes"]) == (
        20,
        7,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"type": "essay"}, "type"),
        ({"status": "published"}, "status"),
        ({"video_url": "javascript:alert(1)"}, "video_url"),
        ({"video_url": "ftp://files.example/a.mp4"}, "video_url"),
        ({"video_url": "https://"}, "video_url"),
        ({"difficulty": 0}, "difficulty"),
        ({"difficulty": 6}, "difficulty"),
        ({"content": "x" * 100_001}, "content"),
        ({"subject_id": "maths"}, "subject_id"),
        ({"student_ids": ["ann"]}, "student_ids[0]"),
        ({"student_ids": "all"}, "student_ids"),
        ({"author_id": "0190a000-0000-7000-8000-000000000000"}, "author_id"),
        ({"published_at": "2020-01-01T00:00:00Z"}, "published_at"),
    ],
)
async def test_malformed_materials_are_400_and_nothing_is_created(
    school: School, materials: Shelf, body: dict[str, Any], field: str
) -> None:
    payload = {
        "title": "New",
        "subject_id": str(school.subjects["Mathematics"]),
        "type": "lesson",
        **body,
    }
    response = await school.client.post(MATERIALS, json=payload, headers=school["teo"].headers)
    assert_problem(response, 400, fields=[field])
    assert await listed(school, "teo") == ["M1", "M2"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"type": None}, "type"),
        ({"status": None}, "status"),
        ({"subject_id": None}, "subject_id"),
        ({"student_ids": None}, "student_ids"),
        ({"video_url": "data:text/html,<script>1</script>"}, "video_url"),
        ({"difficulty": True}, "difficulty"),
        ({"author_id": "0190a000-0000-7000-8000-000000000000"}, "author_id"),
        ({"assigned_count": 0}, "assigned_count"),
    ],
)
async def test_malformed_changes_are_400_and_change_nothing(
    school: School, materials: Shelf, body: dict[str, Any], field: str
) -> None:
    before = (await school.client.get(url(materials, "M1"), headers=school["teo"].headers)).json()
    response = await school.client.patch(
        url(materials, "M1"), json={"description": "Changed", **body}, headers=school["teo"].headers
    )
    assert_problem(response, 400, fields=[field])
    after = (await school.client.get(url(materials, "M1"), headers=school["teo"].headers)).json()
    assert after == before


async def test_bodies_must_be_json_objects_and_callers_signed_in(
    school: School, materials: Shelf
) -> None:
    teo = school["teo"].headers
    assert_problem(
        await school.client.post(MATERIALS, content=b"{nope", headers=teo | _json()), 400
    )
    assert_problem(await school.client.post(MATERIALS, json=[], headers=teo), 400)
    assert_problem(
        await school.client.patch(url(materials, "M1"), content=b"title=x", headers=teo | _form()),
        415,
    )
    for method, path in [
        ("GET", MATERIALS),
        ("POST", MATERIALS),
        ("GET", url(materials, "M1")),
        ("PATCH", url(materials, "M1")),
        ("DELETE", url(materials, "M1")),
        ("POST", url(materials, "M1", "/progress")),
        ("GET", url(materials, "M1", "/file")),
    ]:
        assert_problem(await school.client.request(method, path, json={}), 401)
    assert_problem(await school.client.get(f"{MATERIALS}/not-an-id", headers=teo), 404)


def _json() -> dict[str, str]:
    return {"Content-Type": "application/json"}


def _form() -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded"}
