"""The permission matrix of people management: every endpoint, every role, own and foreign objects.

``MATRIX`` is the policy, written out; each cell is a test asserting the exact status. A tutor's
"own" object is their student (or that student's parent); "foreign" is another tutor's.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import pytest
from PIL import Image

from tests.api.helpers import Client, bearer, sign_in
from tests.api.people_helpers import seed_subject
from tests.factories import DEFAULT_PASSWORD
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import NewUser, Role

ROLES = ("anonymous", "student", "teacher", "tutor", "parent", "admin")


@dataclass
class World:
    ids: dict[str, UUID]
    subject_id: UUID
    container: Container


async def build_world(container: Container) -> World:
    """Two families, each with its tutor; a teacher; an admin; all with known passwords."""
    password_hash = await container.hasher.hash(DEFAULT_PASSWORD)
    ids: dict[str, UUID] = {}

    async def add(name: str, role: Role, **profile: Any) -> None:
        async with container.unit_of_work() as uow:
            account = await uow.people.create_account(
                NewUser(
                    email=f"{name}@example.org",
                    first_name=name.title(),
                    last_name="Test",
                    role=role,
                    password_hash=password_hash,
                ),
                profile,
            )
            await uow.commit()
        ids[name] = account.user.id

    await add("admin", Role.ADMIN)
    await add("teacher", Role.TEACHER)
    await add("tutor", Role.TUTOR, specialization="Exams")
    await add("tutor_b", Role.TUTOR, specialization="Languages")
    await add("parent", Role.PARENT)
    await add("parent_b", Role.PARENT)
    await add("student", Role.STUDENT, grade=7, tutor_id=ids["tutor"], parent_id=ids["parent"])
    await add(
        "student_b", Role.STUDENT, grade=8, tutor_id=ids["tutor_b"], parent_id=ids["parent_b"]
    )
    return World(ids, await seed_subject(container), container)


def tiny_png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 0)).save(output, "PNG")
    return output.getvalue()


# What each actor's "own" and "foreign" object is, per kind of target.
OWN = {
    "student": "student",
    "teacher": "teacher",
    "tutor": "student",
    "parent": "student",
    "admin": "student",
    "anonymous": "student",
}
RELATED_OWN = {"student": "tutor", "parent": "student", "tutor": "parent", "admin": "teacher"}


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # may contain {target}
    body: Callable[[World, str], dict[str, Any] | None] = lambda w, role: None
    files: bool = False
    prepare: Callable[[World], Awaitable[None]] | None = None


async def _deactivate_targets(world: World) -> None:
    async with world.container.unit_of_work() as uow:
        await uow.users.set_active(world.ids["student_b"], False)
        await uow.commit()


def _new_user(world: World, role: str) -> dict[str, Any]:
    return {
        "role": "student",
        "email": f"new-{role}@example.org",
        "first_name": "N",
        "last_name": "U",
        "grade": 4,
    }


def _family(world: World, role: str) -> dict[str, Any]:
    return {
        "student": {
            "email": f"fam-{role}@example.org",
            "first_name": "F",
            "last_name": "S",
            "grade": 2,
        },
        "parent": {"email": f"fam-parent-{role}@example.org", "first_name": "F", "last_name": "P"},
    }


CALLS: dict[str, Call] = {
    "GET /profile": Call("GET", "/api/v1/profile"),
    "PATCH /profile": Call("PATCH", "/api/v1/profile", lambda w, r: {"first_name": "Changed"}),
    "PUT /profile/avatar": Call("PUT", "/api/v1/profile/avatar", files=True),
    "DELETE /profile/avatar": Call("DELETE", "/api/v1/profile/avatar"),
    "GET /users/{id}": Call("GET", "/api/v1/users/{target}"),
    "GET /admin/users": Call("GET", "/api/v1/admin/users"),
    "POST /admin/users": Call("POST", "/api/v1/admin/users", _new_user),
    "GET /admin/users/{id}": Call("GET", "/api/v1/admin/users/{target}"),
    "PATCH /admin/users/{id}": Call(
        "PATCH", "/api/v1/admin/users/{target}", lambda w, r: {"goal": "Exams"}
    ),
    "DELETE /admin/users/{id}": Call("DELETE", "/api/v1/admin/users/{target}"),
    "POST /admin/users/{id}/activate": Call(
        "POST", "/api/v1/admin/users/{deactivated}/activate", prepare=_deactivate_targets
    ),
    "POST /admin/users/{id}/reset-password": Call(
        "POST", "/api/v1/admin/users/{target}/reset-password"
    ),
    "POST /admin/families": Call("POST", "/api/v1/admin/families", _family),
    "POST /admin/parents/{id}/children": Call(
        "POST",
        "/api/v1/admin/parents/{target_parent}/children",
        lambda w, r: {"student_ids": [str(w.ids["__target_student__"])]},
    ),
    "POST /admin/students/{id}/tutor": Call(
        "POST",
        "/api/v1/admin/students/{target}/tutor",
        lambda w, r: {"tutor_id": str(w.ids["tutor_b"])},
    ),
    "PUT /admin/teachers/{id}/subjects": Call(
        "PUT",
        "/api/v1/admin/teachers/{teacher}/subjects",
        lambda w, r: {"subject_ids": [str(w.subject_id)]},
    ),
    "GET /admin/audit": Call("GET", "/api/v1/admin/audit"),
}

#                        anonymous student teacher tutor parent admin
_SELF = {"own": (401, 200, 200, 200, 200, 200)}
_SELF_204 = {"own": (401, 204, 204, 204, 204, 204)}
MATRIX: dict[str, dict[str, tuple[int, ...]]] = {
    "GET /profile": _SELF,
    "PATCH /profile": _SELF,
    "PUT /profile/avatar": _SELF,
    "DELETE /profile/avatar": _SELF_204,
    "GET /users/{id}": {
        "own": (401, 200, 404, 200, 200, 200),
        "foreign": (401, 404, 404, 404, 404, 200),
    },
    "GET /admin/users": {"own": (401, 403, 403, 200, 403, 200)},
    "POST /admin/users": {"own": (401, 403, 403, 201, 403, 201)},
    "GET /admin/users/{id}": {
        "own": (401, 403, 403, 200, 403, 200),
        "foreign": (401, 403, 403, 404, 403, 200),
    },
    "PATCH /admin/users/{id}": {
        "own": (401, 403, 403, 200, 403, 200),
        "foreign": (401, 403, 403, 404, 403, 200),
    },
    "DELETE /admin/users/{id}": {
        "own": (401, 403, 403, 403, 403, 204),
        "foreign": (401, 403, 403, 403, 403, 204),
    },
    "POST /admin/users/{id}/activate": {"own": (401, 403, 403, 403, 403, 200)},
    "POST /admin/users/{id}/reset-password": {
        "own": (401, 403, 403, 200, 403, 200),
        "foreign": (401, 403, 403, 404, 403, 200),
    },
    "POST /admin/families": {"own": (401, 403, 403, 201, 403, 201)},
    "POST /admin/parents/{id}/children": {
        "own": (401, 403, 403, 200, 403, 200),
        "foreign": (401, 403, 403, 404, 403, 200),
    },
    "POST /admin/students/{id}/tutor": {"own": (401, 403, 403, 403, 403, 200)},
    "PUT /admin/teachers/{id}/subjects": {"own": (401, 403, 403, 403, 403, 200)},
    "GET /admin/audit": {"own": (401, 403, 403, 403, 403, 200)},
}

CASES = [
    pytest.param(
        endpoint, scope, role, statuses[ROLES.index(role)], id=f"{endpoint} {scope} {role}"
    )
    for endpoint, scopes in MATRIX.items()
    for scope, statuses in scopes.items()
    for role in ROLES
]


def _path(call: Call, world: World, role: str, scope: str) -> str:
    foreign = scope == "foreign"
    if "/users/{target}" in call.path and call.path.startswith("/api/v1/users"):
        name = "student_b" if foreign else RELATED_OWN.get(role, "student")
        target = world.ids[name]
    else:
        target = world.ids["student_b" if foreign else "student"]
    parent = world.ids["parent_b" if foreign else "parent"]
    world.ids["__target_student__"] = world.ids["student_b" if foreign else "student"]
    return call.path.format(
        target=target,
        target_parent=parent,
        teacher=world.ids["teacher"],
        deactivated=world.ids["student_b"],
    )


@pytest.mark.parametrize(("endpoint", "scope", "role", "expected"), CASES)
async def test_permission_matrix(
    client: Client, container: Container, endpoint: str, scope: str, role: str, expected: int
) -> None:
    world = await build_world(container)
    call = CALLS[endpoint]
    if call.prepare is not None:
        await call.prepare(world)
    headers: dict[str, str] = {}
    if role != "anonymous":
        tokens = await sign_in(client, f"{role}@example.org", DEFAULT_PASSWORD)
        headers = bearer(tokens["access_token"])
    path = _path(call, world, role, scope)
    body = call.body(world, role)
    request: dict[str, Any] = {"headers": headers}
    if call.files:
        request["files"] = {"file": ("a.png", tiny_png(), "image/png")}
    elif body is not None:
        request["json"] = body
    response: httpx.Response = await client.request(call.method, path, **request)
    assert response.status_code == expected, response.text


def markdown_table() -> str:
    """The matrix as the closing note shows it."""
    lines = ["| endpoint | object | " + " | ".join(ROLES) + " |", "|---|---|" + "---|" * len(ROLES)]
    for endpoint, scopes in MATRIX.items():
        for scope, statuses in scopes.items():
            lines.append(f"| {endpoint} | {scope} | " + " | ".join(map(str, statuses)) + " |")
    return "\n".join(lines)
