"""Materials made through the API, for material tests."""

from __future__ import annotations

from typing import Any

from tests.api.learning_helpers import School

MATERIALS = "/api/v1/materials"


async def publish(
    school: School,
    teacher: str,
    subject: str,
    students: tuple[str, ...] = (),
    **fields: Any,
) -> dict[str, Any]:
    """A material by ``teacher`` in ``subject``, assigned to ``students``; 201 expected."""
    body = {
        "title": fields.pop("title", f"{subject} notes"),
        "subject_id": str(school.subjects[subject]),
        "type": fields.pop("type", "theory"),
        "student_ids": [str(school[s].id) for s in students],
        **fields,
    }
    response = await school.client.post(MATERIALS, json=body, headers=school[teacher].headers)
    assert response.status_code == 201, response.text
    material: dict[str, Any] = response.json()
    return material


async def listed(school: School, viewer: str, **params: Any) -> list[str]:
    """Titles of the materials ``viewer`` sees, sorted."""
    response = await school.client.get(MATERIALS, params=params, headers=school[viewer].headers)
    assert response.status_code == 200, response.text
    return sorted(m["title"] for m in response.json()["items"])


async def progress(
    school: School, student: str, material: dict[str, Any], percentage: int, minutes: int = 0
) -> Any:
    return await school.client.post(
        f"{MATERIALS}/{material['id']}/progress",
        json={"progress_percentage": percentage, "time_spent_minutes": minutes},
        headers=school[student].headers,
    )
