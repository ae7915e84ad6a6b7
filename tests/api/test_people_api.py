"""People management over HTTP: accounts with profiles, families, links, resets, the trail."""

from __future__ import annotations

import asyncio

import pytest

from tests.api.helpers import Client, assert_problem, sign_in
from tests.api.people_helpers import (
    ADMIN_USERS,
    create,
    make_admin,
    person,
    seed_subject,
    signed_in,
)
from tests.factories import DEFAULT_PASSWORD
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role


async def test_student_created_with_parent_and_tutor_in_one_request(
    client: Client, container: Container
) -> None:
    admin = await make_admin(client, container)
    tutor = await create(client, admin, Role.TUTOR, "tutor@example.org")
    parent = await create(client, admin, Role.PARENT, "mum@example.org", phone="+7 900 123-45-67")
    student = await create(
        client,
        admin,
        Role.STUDENT,
        "kid@example.org",
        first_name="Ivan",
        last_name="Sidorov",
        grade=9,
        goal="Pass the OGE in maths",
        telegram="@ivan_s",
        staff_notes="Needs encouragement",
        tutor_id=tutor["user"]["id"],
        parent_id=parent["user"]["id"],
    )
    assert student["credentials"]["login"] == "kid@example.org"
    password = student["credentials"]["password"]
    assert len(password) >= 14
    assert password.isalnum()

    shown = await client.get(f"{ADMIN_USERS}/{student['user']['id']}", headers=admin.headers)
    assert shown.status_code == 200
    body = shown.json()
    assert body["user"]["first_name"] == "Ivan"
    assert body["user"]["must_change_password"] is True
    assert "credentials" not in body
    assert body["profile"] == {
        "role": "student",
        "grade": 9,
        "goal": "Pass the OGE in maths",
        "tutor_id": tutor["user"]["id"],
        "parent_id": parent["user"]["id"],
        "telegram": "ivan_s",
        "staff_notes": "Needs encouragement",
    }
    assert parent["user"]["phone"] == "+79001234567"


async def test_own_profile_edits_persist_and_forbidden_fields_are_named(
    client: Client, container: Container
) -> None:
    admin = await make_admin(client, container)
    student = await person(client, admin, Role.STUDENT, "kid@example.org", staff_notes="secret")
    own = await client.get("/api/v1/profile", headers=student.headers)
    assert "staff_notes" not in own.json()["profile"]

    patched = await client.patch(
        "/api/v1/profile",
        json={
            "first_name": "Vanya",
            "grade": 10,
            "goal": "Physics olympiad",
            "telegram": "vanya_x",
        },
        headers=student.headers,
    )
    assert patched.status_code == 200, patched.text
    again = (await client.get("/api/v1/profile", headers=student.headers)).json()
    assert again == patched.json()
    assert again["user"]["first_name"] == "Vanya"
    assert again["profile"]["grade"] == 10
    assert again["profile"]["telegram"] == "vanya_x"

    for field, value in [
        ("role", "admin"),
        ("email", "new@example.org"),
        ("tutor_id", str(admin.id)),
        ("parent_id", None),
        ("is_active", False),
        ("staff_notes", "mine now"),
        ("bio", "I am a teacher"),
    ]:
        refused = await client.patch(
            "/api/v1/profile", json={"goal": "changed?", field: value}, headers=student.headers
        )
        assert_problem(refused, 400, fields=[field])
    unchanged = (await client.get("/api/v1/profile", headers=student.headers)).json()
    assert unchanged == again


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"grade": 12}, "grade"),
        ({"grade": "ten"}, "grade"),
        ({"phone": "12345"}, "phone"),
        ({"telegram": "ab"}, "telegram"),
        ({"first_name": "   "}, "first_name"),
        ({"goal": "x" * 1001}, "goal"),
        ({"favourite_colour": "green"}, "favourite_colour"),
    ],
)
async def test_invalid_own_profile_values_are_400(
    client: Client, container: Container, payload: dict[str, object], field: str
) -> None:
    admin = await make_admin(client, container)
    student = await person(client, admin, Role.STUDENT, "kid@example.org")
    before = (await client.get("/api/v1/profile", headers=student.headers)).json()
    assert_problem(
        await client.patch("/api/v1/profile", json=payload, headers=student.headers),
        400,
        fields=[field],
    )
    assert (await client.get("/api/v1/profile", headers=student.headers)).json() == before


async def test_each_role_edits_its_own_profile_fields(client: Client, container: Container) -> None:
    admin = await make_admin(client, container)
    teacher = await person(client, admin, Role.TEACHER, "teacher@example.org")
    tutor = await person(client, admin, Role.TUTOR, "tutor@example.org")
    parent = await person(client, admin, Role.PARENT, "mum@example.org")
    cases = [
        (teacher, {"bio": "Maths since 2001", "experience_years": 24}),
        (tutor, {"specialization": "Exams", "experience_years": 3}),
        (parent, {"notify_by_email": True, "telegram": "mum_of_two"}),
        (admin, {"last_name": "Office"}),
    ]
    for who, changes in cases:
        response = await client.patch("/api/v1/profile", json=changes, headers=who.headers)
        assert response.status_code == 200, response.text
        body = (await client.get("/api/v1/profile", headers=who.headers)).json()
        for name, value in changes.items():
            assert (body["profile"] or body["user"]).get(name, body["user"].get(name)) == value
    assert_problem(
        await client.patch("/api/v1/profile", json={"grade": 5}, headers=teacher.headers),
        400,
        fields=["grade"],
    )


async def test_tutor_onboards_a_family_and_becomes_the_tutor(
    client: Client, container: Container
) -> None:
    admin = await make_admin(client, container)
    tutor = await person(client, admin, Role.TUTOR, "tutor@example.org")
    response = await client.post(
        "/api/v1/admin/families",
        json={
            "student": {
                "email": "kid@example.org",
                "first_name": "Oleg",
                "last_name": "Ivanov",
                "grade": 5,
            },
            "parent": {"email": "dad@example.org", "first_name": "Pavel", "last_name": "Ivanov"},
        },
        headers=tutor.headers,
    )
    assert response.status_code == 201, response.text
    family = response.json()
    assert family["student"]["profile"]["tutor_id"] == str(tutor.id)
    assert family["student"]["profile"]["parent_id"] == family["parent"]["user"]["id"]
    assert family["parent_credentials"]["login"] == "dad@example.org"
    kid = await signed_in(client, family["student"])
    assert kid.role is Role.STUDENT
    dad_tokens = await sign_in(client, "dad@example.org", family["parent_credentials"]["password"])
    assert dad_tokens["user"]["must_change_password"] is True

    listed = await client.get(ADMIN_USERS, headers=tutor.headers)
    assert sorted(item["user"]["email"] for item in listed.json()["items"]) == [
        "dad@example.org",
        "kid@example.org",
    ]


async def test_family_with_an_existing_parent(client: Client, container: Container) -> None:
    admin = await make_admin(client, container)
    parent = await create(client, admin, Role.PARENT, "mum@example.org")
    response = await client.post(
        "/api/v1/admin/families",
        json={
            "student": {
                "email": "second@example.org",
                "first_name": "Olga",
                "last_name": "K",
                "grade": 3,
            },
            "parent_id": parent["user"]["id"],
        },
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["parent_credentials"] is None
    assert response.json()["student"]["profile"]["parent_id"] == parent["user"]["id"]


async def test_family_refusals_create_nothing(client: Client, container: Container) -> None:
    admin = await make_admin(client, container)
    bad = await client.post(
        "/api/v1/admin/families",
        json={
            "student": {"email": "kid@example.org", "first_name": "Oleg", "last_name": "I"},
            "parent": {"email": "dad@example.org", "first_name": "Pavel", "last_name": "I"},
        },
        headers=admin.headers,
    )
    assert_problem(bad, 400, fields=["student.grade"])
    listed = await client.get(ADMIN_USERS, headers=admin.headers)
    assert listed.json()["total"] == 1  # only the admin: the parent was rolled back too


async def test_concurrent_duplicate_email_gives_one_201_and_one_409(
    client: Client, container: Container
) -> None:
    admin = await make_admin(client, container)
    body = {"role": "parent", "email": "twin@example.org", "first_name": "A", "last_name": "B"}
    first, second = await asyncio.gather(
        client.post(ADMIN_USERS, json=body, headers=admin.headers),
        client.post(ADMIN_USERS, json={**body, "email": "Twin@Example.org"}, headers=admin.headers),
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    conflict = first if first.status_code == 409 else second
    assert_problem(conflict, 409)
    listed = await client.get(ADMIN_USERS, params={"q": "twin"}, headers=admin.headers)
    assert listed.json()["total"] == 1


async def test_search_ignores_case_in_any_alphabet(client: Client, container: Container) -> None:
    """The school's names are Russian: "НОВИКОВ", "новиков" and "Коля Нов" all find Коля
    Новиков, on SQLite (whose own lower() folds only ASCII) as on PostgreSQL."""
    admin = await make_admin(client, container)
    await create(
        client, admin, Role.STUDENT, "kolya@example.org", first_name="Коля", last_name="Новиков"
    )
    await create(client, admin, Role.STUDENT, "other@example.org", last_name="Smirnov")
    for needle in ("НОВИКОВ", "новиков", "Коля Нов", "новиков коля"):
        found = await client.get(ADMIN_USERS, params={"q": needle}, headers=admin.headers)
        assert [i["user"]["email"] for i in found.json()["items"]] == ["kolya@example.org"], needle


async def test_list_filters_searches_sorts_and_pages(client: Client, container: Container) -> None:
    admin = await make_admin(client, container)
    for n, last in enumerate(["Zorin", "Abramov", "Kuznetsov"]):
        await create(
            client,
            admin,
            Role.STUDENT,
            f"s{n}@example.org",
            last_name=last,
            phone=f"+7900000000{n}",
        )
    await create(client, admin, Role.TEACHER, "t@example.org", last_name="Teacherova")
    students = await client.get(
        ADMIN_USERS,
        params={"role": "student", "sort": "last_name", "limit": 2},
        headers=admin.headers,
    )
    body = students.json()
    assert body["total"] == 3
    assert body["limit"] == 2
    assert body["offset"] == 0
    assert [i["user"]["last_name"] for i in body["items"]] == ["Abramov", "Kuznetsov"]
    rest = await client.get(
        ADMIN_USERS,
        params={"role": "student", "sort": "last_name", "limit": 2, "offset": 2},
        headers=admin.headers,
    )
    assert [i["user"]["last_name"] for i in rest.json()["items"]] == ["Zorin"]
    by_name = await client.get(ADMIN_USERS, params={"q": "KUZN"}, headers=admin.headers)
    assert [i["user"]["email"] for i in by_name.json()["items"]] == ["s2@example.org"]
    by_phone = await client.get(ADMIN_USERS, params={"q": "+79000000000"}, headers=admin.headers)
    assert [i["user"]["email"] for i in by_phone.json()["items"]] == ["s0@example.org"]
    wildcard = await client.get(ADMIN_USERS, params={"q": "%"}, headers=admin.headers)
    assert wildcard.json()["total"] == 0
    for params in (
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"role": "wizard"},
        {"sort": "password"},
        {"is_active": "maybe"},
    ):
        assert_problem(await client.get(ADMIN_USERS, params=params, headers=admin.headers), 400)


async def test_deactivate_reactivate_and_delete(client: Client, container: Container) -> None:
    admin = await make_admin(client, container)
    teacher = await person(client, admin, Role.TEACHER, "teacher@example.org")
    url = f"{ADMIN_USERS}/{teacher.id}"
    assert (await client.delete(url, headers=admin.headers)).status_code == 204
    assert_problem(await client.get("/api/v1/auth/me", headers=teacher.headers), 401)
    assert_problem(
        await client.post(
            "/api/v1/auth/login", json={"email": teacher.email, "password": DEFAULT_PASSWORD}
        ),
        403,
    )
    assert (await client.get(url, headers=admin.headers)).json()["user"]["is_active"] is False
    assert (await client.post(f"{url}/activate", headers=admin.headers)).status_code == 200
    assert_problem(await client.post(f"{url}/activate", headers=admin.headers), 409)
    assert await sign_in(client, teacher.email, DEFAULT_PASSWORD)
    assert (
        await client.delete(url, params={"permanent": "true"}, headers=admin.headers)
    ).status_code == 204
    assert_problem(await client.get(url, headers=admin.headers), 404)


async def test_admins_never_remove_themselves_or_the_last_admin(
    client: Client, container: Container
) -> None:
    admin = await make_admin(client, container)
    own = f"{ADMIN_USERS}/{admin.id}"
    assert_problem(await client.delete(own, headers=admin.headers), 403)
    assert_problem(
        await client.delete(own, params={"permanent": "true"}, headers=admin.headers), 403
    )
    second = await person(client, admin, Role.ADMIN, "second@example.org")
    assert (
        await client.delete(f"{ADMIN_USERS}/{second.id}", headers=admin.headers)
    ).status_code == 204
    # The only active admin left cannot be removed, even by another (inactive) admin's record.
    assert (await client.get(own, headers=admin.headers)).json()["user"]["is_active"] is True


async def test_reset_password_returns_it_once_and_ends_sessions(
    client: Client, container: Container
) -> None:
    admin = await make_admin(client, container)
    parent = await person(client, admin, Role.PARENT, "mum@example.org")
    reset = await client.post(f"{ADMIN_USERS}/{parent.id}/reset-password", headers=admin.headers)
    assert reset.status_code == 200
    credentials = reset.json()["credentials"]
    assert credentials["login"] == "mum@example.org"
    assert len(credentials["password"]) >= 14
    assert_problem(await client.get("/api/v1/auth/me", headers=parent.headers), 401)
    assert_problem(
        await client.post(
            "/api/v1/auth/login", json={"email": parent.email, "password": DEFAULT_PASSWORD}
        ),
        401,
    )
    fresh = await sign_in(client, parent.email, credentials["password"])
    assert fresh["user"]["must_change_password"] is True


async def test_assignments_parent_tutor_and_teacher_subjects(
    client: Client, container: Container
) -> None:
    admin = await make_admin(client, container)
    maths = await seed_subject(container, "Mathematics")
    physics = await seed_subject(container, "Physics")
    parent = await create(client, admin, Role.PARENT, "mum@example.org")
    tutor = await create(client, admin, Role.TUTOR, "tutor@example.org")
    teacher = await create(client, admin, Role.TEACHER, "teacher@example.org")
    kids = [await create(client, admin, Role.STUDENT, f"kid{n}@example.org") for n in range(2)]
    kid_ids = [k["user"]["id"] for k in kids]

    assigned = await client.post(
        f"/api/v1/admin/parents/{parent['user']['id']}/children",
        json={"student_ids": kid_ids},
        headers=admin.headers,
    )
    assert assigned.status_code == 200, assigned.text
    assert {s["profile"]["parent_id"] for s in assigned.json()} == {parent["user"]["id"]}

    tutored = await client.post(
        f"/api/v1/admin/students/{kid_ids[0]}/tutor",
        json={"tutor_id": tutor["user"]["id"]},
        headers=admin.headers,
    )
    assert tutored.json()["profile"]["tutor_id"] == tutor["user"]["id"]

    subjects = await client.put(
        f"/api/v1/admin/teachers/{teacher['user']['id']}/subjects",
        json={"subject_ids": [str(physics), str(maths)]},
        headers=admin.headers,
    )
    assert subjects.status_code == 200, subjects.text
    assert subjects.json()["profile"]["subject_ids"] == [str(maths), str(physics)]
    narrowed = await client.put(
        f"/api/v1/admin/teachers/{teacher['user']['id']}/subjects",
        json={"subject_ids": [str(physics)]},
        headers=admin.headers,
    )
    assert narrowed.json()["profile"]["subject_ids"] == [str(physics)]

    assert_problem(
        await client.post(
            f"/api/v1/admin/students/{kid_ids[1]}/tutor",
            json={"tutor_id": parent["user"]["id"]},
            headers=admin.headers,
        ),
        400,
        fields=["tutor_id"],
    )
    assert_problem(
        await client.put(
            f"/api/v1/admin/teachers/{teacher['user']['id']}/subjects",
            json={"subject_ids": [str(admin.id)]},
            headers=admin.headers,
        ),
        400,
        fields=["subject_ids"],
    )


async def test_audit_trail_records_actions_without_secrets(
    client: Client, container: Container
) -> None:
    admin = await make_admin(client, container)
    created = await create(
        client, admin, Role.PARENT, "mum@example.org", password="Chosen-Secret-77"
    )
    user_id = created["user"]["id"]
    await client.patch(
        f"{ADMIN_USERS}/{user_id}", json={"first_name": "Maria"}, headers=admin.headers
    )
    await client.post(f"{ADMIN_USERS}/{user_id}/reset-password", headers=admin.headers)
    await client.delete(f"{ADMIN_USERS}/{user_id}", headers=admin.headers)
    trail = await client.get(
        "/api/v1/admin/audit", params={"target_id": user_id}, headers=admin.headers
    )
    entries = trail.json()["items"]
    assert [e["action"] for e in entries] == [
        "user.deactivated",
        "user.password_reset",
        "user.updated",
        "user.created",
    ]
    assert entries[2]["changes"] == {"first_name": ["Anna", "Maria"]}
    assert all(e["actor_id"] == str(admin.id) for e in entries)
    assert entries[0]["actor_name"] == "School Administrator"
    assert "Chosen-Secret-77" not in trail.text
    assert "password_hash" not in trail.text
    by_action = await client.get(
        "/api/v1/admin/audit", params={"action": "user.updated"}, headers=admin.headers
    )
    assert by_action.json()["total"] == 1
    by_actor = await client.get(
        "/api/v1/admin/audit", params={"actor_id": str(admin.id)}, headers=admin.headers
    )
    assert by_actor.json()["total"] == 4


async def test_account_creation_is_rate_limited_per_actor(
    client: Client, container: Container
) -> None:
    admin = await make_admin(client, container)
    for n in range(30):
        await create(client, admin, Role.PARENT, f"p{n}@example.org")
    limited = await client.post(
        ADMIN_USERS,
        json={"role": "parent", "email": "p31@example.org", "first_name": "A", "last_name": "B"},
        headers=admin.headers,
    )
    assert_problem(limited, 429)
    assert int(limited.headers["Retry-After"]) >= 1


async def test_related_user_cards(client: Client, container: Container) -> None:
    admin = await make_admin(client, container)
    tutor = await person(client, admin, Role.TUTOR, "tutor@example.org")
    parent = await person(client, admin, Role.PARENT, "mum@example.org")
    kid = await person(
        client,
        admin,
        Role.STUDENT,
        "kid@example.org",
        tutor_id=str(tutor.id),
        parent_id=str(parent.id),
    )
    stranger = await person(client, admin, Role.STUDENT, "other@example.org")
    expectations = [
        (kid, tutor, "tutor"),
        (kid, parent, "parent"),
        (parent, kid, "child"),
        (parent, tutor, "tutor"),
        (tutor, kid, "student"),
        (tutor, parent, "parent"),
    ]
    for viewer, target, relation in expectations:
        card = await client.get(f"/api/v1/users/{target.id}", headers=viewer.headers)
        assert card.status_code == 200, (viewer.email, target.email)
        assert card.json()["relation"] == relation
        assert "email" not in card.json()
    for viewer, target in [(stranger, tutor), (stranger, kid), (kid, stranger), (tutor, stranger)]:
        assert_problem(await client.get(f"/api/v1/users/{target.id}", headers=viewer.headers), 404)
