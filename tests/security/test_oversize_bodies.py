"""Bodies too big, too deep or too long: a 413 or 400 problem, and nothing stored.

The 20 MB file limits of each upload route are in the API tests of those routes; here is the
platform-wide JSON limit at its real size, lying ``Content-Length`` headers, nesting bombs, and
very long (or NUL-carrying) strings in every text field of the main create operations.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.study_plan_helpers import PLANS, plan_body
from thebot.adapters.db.models import MaterialModel, StoredFileModel
from thebot.bootstrap import Container
from thebot.config import Settings

MB = 1024 * 1024
LONG = "x" * 1_000_000  # longer than any text field may be, far below the body limit


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def rows(container: Container, model: Any) -> int:
    async with container.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)


def material_body(school: School, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Fractions",
        "subject_id": str(school.subjects["Mathematics"]),
        "type": "theory",
        "student_ids": [],
        **extra,
    }


async def test_a_json_body_over_the_platform_limit_is_413_and_stores_nothing(
    school: School, container: Container, settings: Settings
) -> None:
    assert settings.max_request_body_bytes == 10 * MB
    body = material_body(school, content="x" * (10 * MB))
    response = await school.client.post(
        "/api/v1/materials", json=body, headers=school["teo"].headers
    )
    assert_problem(response, 413)
    assert await rows(container, MaterialModel) == 0


@pytest.mark.parametrize("length", ["99999999999", "10485761"])
async def test_a_huge_content_length_with_a_small_body_is_413(
    school: School, container: Container, length: str
) -> None:
    lying = await school.client.post(
        "/api/v1/materials",
        content=b'{"title": "x"}',
        headers={
            **school["teo"].headers,
            "Content-Type": "application/json",
            "Content-Length": length,
        },
    )
    assert_problem(lying, 413)
    assert await rows(container, MaterialModel) == 0


async def test_a_multipart_body_over_the_route_limit_is_413_and_stores_nothing(
    school: School, container: Container, settings: Settings
) -> None:
    plan = await school.client.post(PLANS, json=plan_body(school), headers=school["teo"].headers)
    big = b"%PDF-1.4\n" + b"0" * (21 * MB)
    response = await school.client.post(
        f"{PLANS}/{plan.json()['id']}/files",
        files={"file": ("big.pdf", big, "application/pdf")},
        headers=school["teo"].headers,
    )
    assert_problem(response, 413)
    assert await rows(container, StoredFileModel) == 0
    assert [p for p in settings.media_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("depth", [1_000, 100_000])
async def test_deeply_nested_json_is_400(school: School, container: Container, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    raw = f'{{"title": "x", "subject_id": "{school.subjects["Mathematics"]}", "type": "theory", '
    raw += f'"student_ids": {nested}}}'
    response = await school.client.post(
        "/api/v1/materials",
        content=raw.encode(),
        headers={**school["teo"].headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 400)
    assert await rows(container, MaterialModel) == 0


def create_operations(school: School) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(who, path, what it makes, a valid body) of the main create operations."""
    now = school.container.clock.now()
    return [
        (
            "teo",
            "/api/v1/materials",
            "material",
            material_body(school, description="d", content="c"),
        ),
        (
            "teo",
            "/api/v1/assignments",
            "assignment",
            {
                "title": "Homework",
                "instructions": "Do it",
                "subject_id": str(school.subjects["Mathematics"]),
                "due_at": (now + timedelta(days=2)).isoformat(),
                "student_ids": [str(school["ann"].id)],
            },
        ),
        (
            "teo",
            "/api/v1/lessons",
            "lesson",
            {
                "student_id": str(school["ann"].id),
                "subject_id": str(school.subjects["Mathematics"]),
                "start_at": (now + timedelta(days=3)).isoformat(),
                "end_at": (now + timedelta(days=3, hours=1)).isoformat(),
                "description": "Fractions",
                "meeting_url": "https://meet.example.org/abc",
            },
        ),
        ("teo", PLANS, "study plan", plan_body(school)),
        ("admin", "/api/v1/subjects", "subject", {"name": "Chemistry", "description": "Atoms"}),
        (
            "admin",
            "/api/v1/admin/users",
            "user",
            {
                "email": "new@school.test",
                "first_name": "New",
                "last_name": "Person",
                "role": "teacher",
                "phone": "+7 900 000 00 00",
            },
        ),
    ]


async def test_very_long_text_in_every_field_is_400_naming_the_field(school: School) -> None:
    tried = 0
    for who, path, what, body in create_operations(school):
        for field, value in body.items():
            if not isinstance(value, str):
                continue
            response = await school.client.post(
                path, json={**body, field: LONG}, headers=school[who].headers
            )
            assert response.status_code == 400, (what, field, response.status_code)
            problem = assert_problem(response, 400)
            assert field in [e["field"] for e in problem.get("errors", [])], (what, field)
            tried += 1
        made = await school.client.post(path, json=body, headers=school[who].headers)
        assert made.status_code == 201, (what, made.text)
    assert tried >= 20


async def test_nul_characters_in_text_fields_are_refused_alike_on_both_databases(
    school: School,
) -> None:
    """PostgreSQL cannot store NUL in text (SQLite can): it is refused before either sees it,
    while the text "\\u0000" (an escaped backslash) is ordinary text."""
    for who, path, what, body in create_operations(school):
        for field, value in body.items():
            if not isinstance(value, str) or field.endswith("_id") or field.endswith("_at"):
                continue
            response = await school.client.post(
                path, json={**body, field: value + "\x00"}, headers=school[who].headers
            )
            assert_problem(response, 400)
            assert "NUL" in response.json()["detail"], (what, field)
    who, path, _, body = create_operations(school)[0]
    field = next(f for f, v in body.items() if isinstance(v, str) and not f.endswith("_id"))
    literal = await school.client.post(
        path, json={**body, field: body[field] + "\\u0000"}, headers=school[who].headers
    )
    assert literal.status_code == 201, literal.text
