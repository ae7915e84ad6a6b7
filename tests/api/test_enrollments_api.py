"""Subjects and enrollments over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from thebot.bootstrap import Container

ENROLLMENTS = "/api/v1/enrollments"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def test_enrollment_carries_names_and_defaults(school: School) -> None:
    ann_maths = school.enrollments["ann:Mathematics:teo"]
    assert ann_maths["student_name"] == "Ann Test"
    assert ann_maths["teacher_name"] == "Teo Test"
    assert ann_maths["subject_name"] == ann_maths["display_name"] == "Mathematics"
    assert ann_maths["status"] == "active"
    assert ann_maths["period_weeks"] == 4
    assert ann_maths["price_per_period"] is None
    assert ann_maths["currency"] == "RUB"


async def test_custom_name_price_and_period(school: School) -> None:
    await school.teaches("teo", "Mathematics", "Physics")
    created = await school.enroll(
        "bob",
        "Physics",
        "teo",
        custom_subject_name="Physics for olympiads",
        price_per_period="2500.50",
        period_weeks=2,
    )
    assert created["display_name"] == "Physics for olympiads"
    assert created["price_per_period"] == "2500.50"
    assert created["period_weeks"] == 2


async def test_teacher_must_teach_the_subject(school: School) -> None:
    response = await school.client.post(
        ENROLLMENTS,
        json={
            "student_id": str(school["bob"].id),
            "subject_id": str(school.subjects["English"]),
            "teacher_id": str(school["teo"].id),
        },
        headers=school["admin"].headers,
    )
    body = assert_problem(response, 400, fields=["teacher_id"])
    assert "does not teach English" in body["errors"][0]["message"]


async def test_duplicate_active_enrollment_is_409_but_history_allows_again(school: School) -> None:
    payload = {
        "student_id": str(school["ann"].id),
        "subject_id": str(school.subjects["Mathematics"]),
        "teacher_id": str(school["teo"].id),
    }
    assert_problem(
        await school.client.post(ENROLLMENTS, json=payload, headers=school["admin"].headers), 409
    )
    ended = school.enrollments["ann:Mathematics:teo"]["id"]
    assert (
        await school.client.delete(f"{ENROLLMENTS}/{ended}", headers=school["admin"].headers)
    ).status_code == 204
    assert_problem(
        await school.client.delete(f"{ENROLLMENTS}/{ended}", headers=school["admin"].headers), 409
    )
    again = await school.client.post(ENROLLMENTS, json=payload, headers=school["admin"].headers)
    assert again.status_code == 201
    history = await school.client.get(
        ENROLLMENTS,
        params={
            "student_id": str(school["ann"].id),
            "subject_id": str(school.subjects["Mathematics"]),
        },
        headers=school["admin"].headers,
    )
    assert sorted(e["status"] for e in history.json()["items"]) == ["active", "ended"]
    ended_one = next(e for e in history.json()["items"] if e["status"] == "ended")
    assert ended_one["ended_at"] is not None


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("admin", {"ann:Mathematics", "ann:English", "bob:Mathematics", "cid:Physics"}),
        ("ann", {"ann:Mathematics", "ann:English"}),
        ("teo", {"ann:Mathematics", "bob:Mathematics"}),
        ("tara", {"ann:English", "cid:Physics"}),
        ("tina", {"ann:Mathematics", "ann:English", "bob:Mathematics"}),
        ("pete", {"cid:Physics"}),
        ("paula", {"ann:Mathematics", "ann:English", "bob:Mathematics"}),
    ],
)
async def test_each_role_sees_exactly_its_enrollments(
    school: School, viewer: str, expected: set[str]
) -> None:
    listed = await school.client.get(ENROLLMENTS, headers=school[viewer].headers)
    assert listed.status_code == 200
    seen = {
        f"{e['student_name'].split()[0].lower()}:{e['subject_name']}"
        for e in listed.json()["items"]
    }
    assert seen == expected
    assert listed.json()["total"] == len(expected)


async def test_foreign_enrollment_is_404(school: School) -> None:
    cid = school.enrollments["cid:Physics:tara"]["id"]
    for viewer in ("ann", "teo", "tina", "paula"):
        assert_problem(
            await school.client.get(f"{ENROLLMENTS}/{cid}", headers=school[viewer].headers), 404
        )
        assert_problem(
            await school.client.patch(
                f"{ENROLLMENTS}/{cid}",
                json={"custom_subject_name": "x"},
                headers=school[viewer].headers,
            ),
            404,
        )
        assert_problem(
            await school.client.delete(f"{ENROLLMENTS}/{cid}", headers=school[viewer].headers), 404
        )
    assert (
        await school.client.get(f"{ENROLLMENTS}/{cid}", headers=school["tom"].headers)
    ).status_code == 200


async def test_who_may_enroll(school: School) -> None:
    def payload(student: str) -> dict[str, Any]:
        return {
            "student_id": str(school[student].id),
            "subject_id": str(school.subjects["Physics"]),
            "teacher_id": str(school["tara"].id),
        }

    for role in ("ann", "teo", "paula"):
        assert_problem(
            await school.client.post(
                ENROLLMENTS, json=payload("bob"), headers=school[role].headers
            ),
            403,
        )
    # A tutor enrolls only their own students, and sets no prices.
    assert_problem(
        await school.client.post(ENROLLMENTS, json=payload("cid"), headers=school["tina"].headers),
        400,
        fields=["student_id"],
    )
    assert_problem(
        await school.client.post(
            ENROLLMENTS,
            json={**payload("bob"), "price_per_period": "10.00"},
            headers=school["tina"].headers,
        ),
        400,
        fields=["price_per_period"],
    )
    assert (
        await school.client.post(ENROLLMENTS, json=payload("bob"), headers=school["tina"].headers)
    ).status_code == 201


async def test_updates_by_role(school: School) -> None:
    url = f"{ENROLLMENTS}/{school.enrollments['ann:Mathematics:teo']['id']}"
    by_tutor = await school.client.patch(
        url, json={"custom_subject_name": "Algebra"}, headers=school["tina"].headers
    )
    assert by_tutor.json()["display_name"] == "Algebra"
    assert_problem(
        await school.client.patch(
            url, json={"price_per_period": "3000"}, headers=school["tina"].headers
        ),
        400,
        fields=["price_per_period"],
    )
    by_admin = await school.client.patch(
        url, json={"price_per_period": "3000", "period_weeks": 8}, headers=school["admin"].headers
    )
    assert by_admin.json()["price_per_period"] == "3000.00"
    assert_problem(
        await school.client.patch(
            url, json={"custom_subject_name": "x"}, headers=school["teo"].headers
        ),
        403,
    )
    assert_problem(
        await school.client.patch(
            url, json={"custom_subject_name": "x"}, headers=school["ann"].headers
        ),
        403,
    )
    trail = await school.client.get(
        "/api/v1/admin/audit",
        params={"target_id": url.rsplit("/", 1)[-1]},
        headers=school["admin"].headers,
    )
    assert [e["action"] for e in trail.json()["items"]] == [
        "enrollment.updated",
        "enrollment.updated",
        "enrollment.created",
    ]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"subject_id": "x"}, ["subject_id"]),
        ({"price_per_period": "-5"}, ["price_per_period"]),
        ({"price_per_period": "1.999"}, ["price_per_period"]),
        ({"period_weeks": 0}, ["period_weeks"]),
        ({"status": "ended"}, ["status"]),
    ],
)
async def test_malformed_enrollments_are_400(
    school: School, body: dict[str, Any], fields: list[str]
) -> None:
    payload = {
        "student_id": str(school["bob"].id),
        "subject_id": str(school.subjects["Mathematics"]),
        "teacher_id": str(school["teo"].id),
        **body,
    }
    before = (await school.client.get(ENROLLMENTS, headers=school["admin"].headers)).json()["total"]
    assert_problem(
        await school.client.post(ENROLLMENTS, json=payload, headers=school["admin"].headers),
        400,
        fields=fields,
    )
    assert (await school.client.get(ENROLLMENTS, headers=school["admin"].headers)).json()[
        "total"
    ] == before


async def test_subjects_are_read_by_all_and_managed_by_the_office(school: School) -> None:
    listed = await school.client.get("/api/v1/subjects", headers=school["ann"].headers)
    assert [s["name"] for s in listed.json()] == ["English", "Mathematics", "Physics"]
    assert_problem(
        await school.client.post(
            "/api/v1/subjects", json={"name": "Art"}, headers=school["teo"].headers
        ),
        403,
    )
    created = await school.client.post(
        "/api/v1/subjects",
        json={"name": "Art", "color": "#aabbcc"},
        headers=school["admin"].headers,
    )
    assert created.status_code == 201
    assert created.json()["color"] == "#AABBCC"
    assert_problem(
        await school.client.post(
            "/api/v1/subjects", json={"name": "Art"}, headers=school["admin"].headers
        ),
        409,
    )
    assert_problem(
        await school.client.post(
            "/api/v1/subjects",
            json={"name": "Music", "color": "red"},
            headers=school["admin"].headers,
        ),
        400,
        fields=["color"],
    )
    art = created.json()["id"]
    renamed = await school.client.patch(
        f"/api/v1/subjects/{art}", json={"name": "Fine art"}, headers=school["admin"].headers
    )
    assert renamed.json()["name"] == "Fine art"
    in_use = school.subjects["Mathematics"]
    assert_problem(
        await school.client.delete(f"/api/v1/subjects/{in_use}", headers=school["admin"].headers),
        409,
    )
    assert (
        await school.client.delete(f"/api/v1/subjects/{art}", headers=school["admin"].headers)
    ).status_code == 204
    assert_problem(
        await school.client.delete(f"/api/v1/subjects/{art}", headers=school["admin"].headers), 404
    )


async def test_enrollment_list_costs_the_same_for_3_and_300(
    school: School, count_statements: Callable[[], Any]
) -> None:
    from thebot.adapters.db.models import EnrollmentModel

    async def cost() -> int:
        with count_statements() as counter:
            response = await school.client.get(
                ENROLLMENTS, params={"limit": 100}, headers=school["tina"].headers
            )
        assert response.status_code == 200
        return counter.count

    small = await cost()
    async with school.container.unit_of_work() as uow:
        for n in range(300):
            subject = await uow.subjects.add(f"Extra {n}", None, "#123456")
            uow.session.add(
                EnrollmentModel(
                    student_id=school["ann"].id,
                    subject_id=subject.id,
                    teacher_id=school["teo"].id,
                    status="active",
                    started_at=school.container.clock.now(),
                    period_weeks=4,
                )
            )
        await uow.commit()
    large = await cost()
    assert small == large


async def test_enrollment_relates_teacher_student_and_parent_cards(school: School) -> None:
    cases = [
        ("ann", "teo", "teacher"),
        ("teo", "ann", "student"),
        ("paula", "teo", "teacher"),
        ("tara", "cid", "student"),
    ]
    for viewer, target, relation in cases:
        card = await school.client.get(
            f"/api/v1/users/{school[target].id}", headers=school[viewer].headers
        )
        assert card.status_code == 200, (viewer, target)
        assert card.json()["relation"] == relation
    for viewer, target in [("teo", "cid"), ("cid", "teo"), ("pete", "teo"), ("bob", "tara")]:
        assert_problem(
            await school.client.get(
                f"/api/v1/users/{school[target].id}", headers=school[viewer].headers
            ),
            404,
        )
    ended = school.enrollments["cid:Physics:tara"]["id"]
    await school.client.delete(f"{ENROLLMENTS}/{ended}", headers=school["admin"].headers)
    assert_problem(
        await school.client.get(
            f"/api/v1/users/{school['cid'].id}", headers=school["tara"].headers
        ),
        404,
    )


@pytest.mark.parametrize("role", ["ann", "teo", "tina", "paula"])
async def test_only_the_office_changes_or_removes_subjects(school: School, role: str) -> None:
    maths = school.subjects["Mathematics"]
    before = (await school.client.get("/api/v1/subjects", headers=school["admin"].headers)).json()
    assert_problem(
        await school.client.patch(
            f"/api/v1/subjects/{maths}", json={"name": "Sums"}, headers=school[role].headers
        ),
        403,
    )
    assert_problem(
        await school.client.delete(f"/api/v1/subjects/{maths}", headers=school[role].headers), 403
    )
    assert_problem(
        await school.client.patch(f"/api/v1/subjects/{maths}", json={"name": "Sums"}), 401
    )
    assert (
        await school.client.get("/api/v1/subjects", headers=school["admin"].headers)
    ).json() == before


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"name": ""}, ["name"]),
        ({"color": "blue"}, ["color"]),
        ({"name": 5}, ["name"]),
        ({"code": "M"}, ["code"]),
    ],
)
async def test_malformed_subject_changes_are_400_and_change_nothing(
    school: School, body: dict[str, Any], fields: list[str]
) -> None:
    maths = school.subjects["Mathematics"]
    before = (await school.client.get("/api/v1/subjects", headers=school["admin"].headers)).json()
    response = await school.client.patch(
        f"/api/v1/subjects/{maths}", json=body, headers=school["admin"].headers
    )
    assert_problem(response, 400, fields=fields)
    assert (
        await school.client.get("/api/v1/subjects", headers=school["admin"].headers)
    ).json() == before
