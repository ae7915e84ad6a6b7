"""Malformed input to people management: a 400 naming the field, and nothing changes."""

from __future__ import annotations

import pytest

from tests.api.helpers import Client, assert_problem, bearer, sign_in
from tests.api.test_people_permissions import build_world
from tests.factories import DEFAULT_PASSWORD
from thebot.bootstrap import Container

CASES = [
    (
        "POST",
        "/api/v1/admin/users",
        {"email": "x@example.org", "first_name": "A", "last_name": "B"},
        ["role"],
    ),
    (
        "POST",
        "/api/v1/admin/users",
        {"role": "wizard", "email": "x@example.org", "first_name": "A", "last_name": "B"},
        ["role"],
    ),
    (
        "POST",
        "/api/v1/admin/users",
        {
            "role": "student",
            "email": "x@example.org",
            "first_name": "A",
            "last_name": "B",
            "grade": 7,
            "bio": "?",
        },
        ["bio"],
    ),
    (
        "POST",
        "/api/v1/admin/users",
        {
            "role": "student",
            "email": "not-an-email",
            "first_name": "A",
            "last_name": "B",
            "grade": 7,
        },
        ["email"],
    ),
    (
        "POST",
        "/api/v1/admin/users",
        {"role": "tutor", "email": "x@example.org", "first_name": "A", "last_name": "B"},
        ["specialization"],
    ),
    (
        "POST",
        "/api/v1/admin/users",
        {
            "role": "parent",
            "email": "x@example.org",
            "first_name": "A",
            "last_name": "B",
            "password": "short",
        },
        ["password"],
    ),
    (
        "POST",
        "/api/v1/admin/users",
        {
            "role": "student",
            "email": "x@example.org",
            "first_name": "A",
            "last_name": "B",
            "grade": 7,
            "parent_id": "{teacher}",
        },
        ["parent_id"],
    ),
    (
        "POST",
        "/api/v1/admin/users",
        {
            "role": "student",
            "email": "x@example.org",
            "first_name": "A",
            "last_name": "B",
            "grade": 7,
            "is_admin": True,
        },
        ["is_admin"],
    ),
    ("PATCH", "/api/v1/admin/users/{student}", {"grade": "seven"}, ["grade"]),
    ("PATCH", "/api/v1/admin/users/{student}", {"role": "admin"}, ["role"]),
    ("PATCH", "/api/v1/admin/users/{student}", {"is_active": False}, ["is_active"]),
    ("PATCH", "/api/v1/admin/users/{student}", {"specialization": "x"}, ["specialization"]),
    ("PATCH", "/api/v1/admin/users/{student}", {"tutor_id": "{parent}"}, ["tutor_id"]),
    (
        "POST",
        "/api/v1/admin/families",
        {"student": {"email": "k@example.org", "first_name": "K", "last_name": "K", "grade": 3}},
        ["parent"],
    ),
    (
        "POST",
        "/api/v1/admin/families",
        {
            "student": {"email": "k@example.org", "first_name": "K", "last_name": "K", "grade": 3},
            "parent_id": "{teacher}",
        },
        ["parent_id"],
    ),
    ("POST", "/api/v1/admin/parents/{parent}/children", {"student_ids": []}, ["student_ids"]),
    (
        "POST",
        "/api/v1/admin/parents/{parent}/children",
        {"student_ids": ["nope"]},
        ["student_ids[0]"],
    ),
    ("POST", "/api/v1/admin/students/{student}/tutor", {}, ["tutor_id"]),
    ("PUT", "/api/v1/admin/teachers/{teacher}/subjects", {"subject_ids": "all"}, ["subject_ids"]),
    ("PATCH", "/api/v1/profile", {"experience_years": -1}, ["experience_years"]),
]


@pytest.mark.parametrize(("method", "path", "body", "fields"), CASES)
async def test_malformed_body_is_400_naming_the_field_and_changes_nothing(
    client: Client,
    container: Container,
    method: str,
    path: str,
    body: dict[str, object],
    fields: list[str],
) -> None:
    world = await build_world(container)
    names = {name: str(value) for name, value in world.ids.items()}
    admin = bearer((await sign_in(client, "admin@example.org", DEFAULT_PASSWORD))["access_token"])
    before = (await client.get("/api/v1/admin/users", params={"limit": 100}, headers=admin)).json()
    trail = (await client.get("/api/v1/admin/audit", headers=admin)).json()["total"]

    import json

    raw = json.dumps(body)
    for name, value in names.items():
        raw = raw.replace("{" + name + "}", value)
    response = await client.request(
        method,
        path.format(**names),
        content=raw,
        headers={**admin, "Content-Type": "application/json"},
    )
    assert_problem(response, 400, fields=fields)

    after = (await client.get("/api/v1/admin/users", params={"limit": 100}, headers=admin)).json()
    assert after == before
    assert (await client.get("/api/v1/admin/audit", headers=admin)).json()["total"] == trail


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/admin/users/not-a-uuid",
        "/api/v1/admin/users/123/reset-password",
        "/api/v1/users/../../etc/passwd",
    ],
)
async def test_malformed_ids_in_paths_are_404(
    client: Client, container: Container, path: str
) -> None:
    await build_world(container)
    admin = bearer((await sign_in(client, "admin@example.org", DEFAULT_PASSWORD))["access_token"])
    response = await client.request("POST" if "reset" in path else "GET", path, headers=admin)
    assert_problem(response, 404)


async def test_unknown_ids_are_404(client: Client, container: Container) -> None:
    world = await build_world(container)
    admin = bearer((await sign_in(client, "admin@example.org", DEFAULT_PASSWORD))["access_token"])
    ghost = "00000000-0000-7000-8000-000000000000"
    for method, path in [
        ("GET", f"/api/v1/admin/users/{ghost}"),
        ("PATCH", f"/api/v1/admin/users/{ghost}"),
        ("DELETE", f"/api/v1/admin/users/{ghost}"),
        ("POST", f"/api/v1/admin/users/{ghost}/reset-password"),
        ("POST", f"/api/v1/admin/users/{ghost}/activate"),
        ("GET", f"/api/v1/users/{ghost}"),
    ]:
        kwargs = {"json": {"goal": "x"}} if method == "PATCH" else {}
        assert_problem(await client.request(method, path, headers=admin, **kwargs), 404)
    assert_problem(
        await client.post(
            f"/api/v1/admin/parents/{ghost}/children",
            json={"student_ids": [str(world.ids["student"])]},
            headers=admin,
        ),
        404,
    )
