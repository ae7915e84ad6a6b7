"""Who teaches a subject (for the office and tutors who enroll students), and the audit trail
of the office's changes to subjects."""

from __future__ import annotations

from uuid import uuid4

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role

SUBJECTS = "/api/v1/subjects"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


def teachers_url(school: School, subject: str) -> str:
    return f"{SUBJECTS}/{school.subjects[subject]}/teachers"


async def test_the_office_and_tutors_see_the_active_teachers_of_a_subject(school: School) -> None:
    await school.add("zed", Role.TEACHER)
    await school.add("uma", Role.TEACHER)
    await school.add("vic", Role.TEACHER)
    await school.teaches("zed", "Mathematics")
    await school.teaches("uma", "Mathematics")
    await school.teaches("vic", "Mathematics")
    await school.teaches("vic", "English")  # vic no longer teaches Mathematics
    deactivated = await school.client.delete(
        f"/api/v1/admin/users/{school['uma'].id}", headers=school["admin"].headers
    )
    assert deactivated.status_code in (200, 204), deactivated.text

    for who in ("admin", "tina", "tom"):
        maths = await school.client.get(
            teachers_url(school, "Mathematics"), headers=school[who].headers
        )
        assert maths.status_code == 200, maths.text
        assert maths.json() == [
            {"id": str(school["teo"].id), "full_name": "Teo Test"},
            {"id": str(school["zed"].id), "full_name": "Zed Test"},
        ], who
    english = await school.client.get(
        teachers_url(school, "English"), headers=school["tina"].headers
    )
    assert [t["full_name"] for t in english.json()] == ["Tara Test", "Vic Test"]


async def test_no_one_else_asks_and_unknown_subjects_are_404(school: School) -> None:
    url = teachers_url(school, "Physics")
    for who in ("ann", "teo", "paula"):
        assert_problem(await school.client.get(url, headers=school[who].headers), 403)
    assert_problem(await school.client.get(url), 401)
    assert_problem(
        await school.client.get(f"{SUBJECTS}/{uuid4()}/teachers", headers=school["admin"].headers),
        404,
    )
    # A path id that is no UUID matches no route: 404, as for every other resource.
    assert_problem(
        await school.client.get(
            f"{SUBJECTS}/not-a-subject/teachers", headers=school["admin"].headers
        ),
        404,
    )


async def test_the_offices_changes_to_subjects_are_in_the_audit_trail(school: School) -> None:
    admin = school["admin"].headers
    created = await school.client.post(
        SUBJECTS, json={"name": "Art", "color": "#aabbcc"}, headers=admin
    )
    art = created.json()["id"]
    await school.client.patch(f"{SUBJECTS}/{art}", json={"name": "Fine art"}, headers=admin)
    await school.client.patch(f"{SUBJECTS}/{art}", json={"name": "Fine art"}, headers=admin)
    assert (await school.client.delete(f"{SUBJECTS}/{art}", headers=admin)).status_code == 204

    trail = await school.client.get("/api/v1/admin/audit", params={"target_id": art}, headers=admin)
    entries = trail.json()["items"]
    assert [(e["action"], e["changes"]) for e in entries] == [
        ("subject.deleted", {"name": "Fine art"}),
        ("subject.updated", {"name": ["Art", "Fine art"]}),
        ("subject.created", {"name": "Art", "description": None, "color": "#AABBCC"}),
    ]
    assert all(e["actor_id"] == str(school["admin"].id) for e in entries)
    refused = await school.client.post(
        SUBJECTS, json={"name": "Music"}, headers=school["teo"].headers
    )
    assert_problem(refused, 403)
    everything = await school.client.get(
        "/api/v1/admin/audit", params={"action": "subject.created"}, headers=admin
    )
    assert [e["target_id"] for e in everything.json()["items"]] == [art]
