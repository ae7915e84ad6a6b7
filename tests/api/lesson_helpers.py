"""Scheduling lessons over HTTP, for lesson tests (the test clock starts 2026-11-25 09:00 UTC)."""

from __future__ import annotations

from typing import Any

from tests.api.learning_helpers import School

LESSONS = "/api/v1/lessons"
# Tomorrow in Moscow (UTC+3), well ahead of the test clock.
TOMORROW = "2026-11-26"


def at(hhmm: str, day: str = TOMORROW) -> str:
    return f"{day}T{hhmm}:00+03:00"


async def schedule(
    school: School,
    teacher: str,
    student: str,
    subject: str,
    start: str,
    end: str,
    **extra: Any,
) -> Any:
    return await school.client.post(
        LESSONS,
        json={
            "student_id": str(school[student].id),
            "subject_id": str(school.subjects[subject]),
            "start_at": start,
            "end_at": end,
            **extra,
        },
        headers=school[teacher].headers,
    )


async def scheduled(
    school: School,
    teacher: str,
    student: str,
    subject: str,
    start: str,
    end: str,
    **extra: Any,
) -> dict[str, Any]:
    response = await schedule(school, teacher, student, subject, start, end, **extra)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def lesson_ids(school: School, name: str, **params: Any) -> list[str]:
    response = await school.client.get(
        LESSONS, params={"limit": 100, **params}, headers=school[name].headers
    )
    assert response.status_code == 200, response.text
    return [lesson["id"] for lesson in response.json()["items"]]
