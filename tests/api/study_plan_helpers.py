"""Study plans made through the API or stored directly, and what the tables hold."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from tests.api.homework_helpers import PDF
from tests.api.learning_helpers import School
from thebot.adapters.db.models import StoredFileModel, StudyPlanModel
from thebot.domain.files.entities import NewStoredFile
from thebot.domain.learning.study_plans import NewStudyPlan

PLANS = "/api/v1/study-plans"
# The clock of the tests reads Wednesday 25 November 2026: its week starts on the 23rd.
MONDAY = date(2026, 11, 23)
NEXT_MONDAY = MONDAY + timedelta(days=7)


def plan_body(
    school: School,
    student: str = "ann",
    subject: str = "Mathematics",
    week: date = MONDAY,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "student_id": str(school[student].id),
        "subject_id": str(school.subjects[subject]),
        "week_start": week.isoformat(),
        "title": "Fractions week",
        "content": "Mon: adding fractions. Wed: test. Fri: review.",
        **extra,
    }


async def write_plan(school: School, teacher: str = "teo", **fields: Any) -> dict[str, Any]:
    """A draft written through the API; 201 expected."""
    response = await school.client.post(
        PLANS, json=plan_body(school, **fields), headers=school[teacher].headers
    )
    assert response.status_code == 201, response.text
    plan: dict[str, Any] = response.json()
    return plan


async def send_plan(school: School, plan: dict[str, Any], teacher: str = "teo") -> dict[str, Any]:
    response = await school.client.post(
        f"{PLANS}/{plan['id']}/send", headers=school[teacher].headers
    )
    assert response.status_code == 200, response.text
    sent: dict[str, Any] = response.json()
    return sent


async def attach(
    school: School,
    who: str,
    plan: dict[str, Any],
    content: bytes = PDF,
    name: str = "worksheet.pdf",
) -> Any:
    return await school.client.post(
        f"{PLANS}/{plan['id']}/files",
        files={"file": (name, content, "application/pdf")},
        headers=school[who].headers,
    )


async def read(school: School, viewer: str, path: str = PLANS, **params: Any) -> Any:
    return await school.client.get(path, params=params, headers=school[viewer].headers)


async def titles(school: School, viewer: str, **params: Any) -> list[str]:
    response = await read(school, viewer, **params)
    assert response.status_code == 200, response.text
    return [p["title"] for p in response.json()["items"]]


async def plan_notices(school: School, person: str) -> list[dict[str, Any]]:
    """The person's notifications of sent plans (other events notify people too)."""
    inbox = await read(school, person, "/api/v1/notifications", limit=100)
    assert inbox.status_code == 200, inbox.text
    return [n for n in inbox.json()["items"] if n["kind"] == "study_plan_sent"]


async def plan_rows(school: School) -> list[tuple[str, date, str, str]]:
    """Every stored plan as (title, week start, content, status)."""
    async with school.container.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(
                StudyPlanModel.title,
                StudyPlanModel.week_start,
                StudyPlanModel.content,
                StudyPlanModel.status,
            ).order_by(StudyPlanModel.week_start, StudyPlanModel.title)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def stored_file_rows(school: School) -> int:
    async with school.container.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(StoredFileModel)) or 0)


async def seed_sent_plans(school: School, count: int, first_week: date) -> None:
    """``count`` sent Mathematics plans by teo for ann, one a week from ``first_week`` on, each
    with a file, stored directly (the API would take a request per plan)."""
    enrollment_id = school.enrollments["ann:Mathematics:teo"]["id"]
    async with school.container.unit_of_work() as uow:
        for n in range(count):
            plan_id = await uow.study_plans.add(
                NewStudyPlan(
                    author_id=school["teo"].id,
                    student_id=school["ann"].id,
                    subject_id=school.subjects["Mathematics"],
                    enrollment_id=enrollment_id,
                    week_start=first_week + timedelta(weeks=n),
                    title=f"Week {n}",
                    content="Practice",
                )
            )
            file = await uow.files.add(
                NewStoredFile(
                    key=f"study-plans/seed-{first_week}-{n}.pdf",
                    original_name="plan.pdf",
                    content_type="application/pdf",
                    size=len(PDF),
                    uploaded_by_id=school["teo"].id,
                )
            )
            await uow.study_plans.add_file(plan_id, file.id)
            await uow.study_plans.mark_sent(plan_id, school.container.clock.now())
        await uow.commit()
