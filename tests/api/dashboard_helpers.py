"""A realistic family for dashboard tests, and reading a dashboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.api.helpers import Client
from tests.api.learning_helpers import School, build_school
from tests.api.payment_helpers import confirm, priced, started
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role


async def material(
    school: School,
    teacher: str,
    subject: str,
    title: str,
    students: list[str],
    status: str = "active",
) -> str:
    response = await school.client.post(
        "/api/v1/materials",
        json={
            "title": title,
            "subject_id": str(school.subjects[subject]),
            "type": "theory",
            "status": status,
            "student_ids": [str(school[s].id) for s in students],
        },
        headers=school[teacher].headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def progress(
    school: School, student: str, material_id: str, percent: int, minutes: int
) -> None:
    response = await school.client.post(
        f"/api/v1/materials/{material_id}/progress",
        json={"progress_percentage": percent, "time_spent_minutes": minutes},
        headers=school[student].headers,
    )
    assert response.status_code == 200, response.text


async def build_family(client: Client, container: Container) -> dict[str, Any]:
    """Paula's two children with Tina as tutor and three teachers; Pete's family beside them."""
    school = await build_school(client, container)
    await school.add("uma", Role.TEACHER)
    await school.teaches("uma", "Physics")
    await school.enroll("bob", "Physics", "uma")
    m1 = await material(school, "teo", "Mathematics", "Fractions", ["ann", "bob"])
    m2 = await material(school, "teo", "Mathematics", "Decimals", ["ann"])
    m3 = await material(school, "teo", "Mathematics", "Draft notes", ["ann"], status="draft")
    e1 = await material(school, "tara", "English", "Past simple", ["ann"])
    p1 = await material(school, "uma", "Physics", "Forces", ["bob"])
    await material(school, "tara", "Physics", "Waves", ["cid"])
    await progress(school, "ann", m1, 100, 20)
    await progress(school, "ann", m2, 50, 10)
    await progress(school, "bob", m1, 40, 15)
    clock = container.clock
    due = (clock.now() + timedelta(days=2)).isoformat()
    homework = (
        await client.post(
            "/api/v1/assignments",
            json={
                "title": "Exercises",
                "subject_id": str(school.subjects["Mathematics"]),
                "due_at": due,
                "max_score": 10,
                "student_ids": [str(school["ann"].id), str(school["bob"].id)],
            },
            headers=school["teo"].headers,
        )
    ).json()
    submission = (
        await client.post(
            f"/api/v1/assignments/{homework['id']}/submissions",
            files={"text": (None, "done")},
            headers=school["ann"].headers,
        )
    ).json()
    await client.post(
        f"/api/v1/submissions/{submission['id']}/feedback",
        json={"score": 8, "comment": "Good"},
        headers=school["teo"].headers,
    )
    period = {"period_start": "2026-11-01", "period_end": "2026-11-30", "send": True}
    teo_report = (
        await client.post(
            "/api/v1/reports",
            json={"student_id": str(school["ann"].id), "title": "Ann, maths", **period},
            headers=school["teo"].headers,
        )
    ).json()
    tina_report = (
        await client.post(
            "/api/v1/reports",
            json={"student_id": str(school["bob"].id), "title": "Bob, November", **period},
            headers=school["tina"].headers,
        )
    ).json()
    await client.post(f"/api/v1/reports/{tina_report['id']}/read", headers=school["paula"].headers)
    # Money: Ann's maths is paid, her English priced and never paid, Bob's maths being paid.
    ann_maths = await priced(school, "ann:Mathematics:teo")
    await priced(school, "ann:English:tara", "2000.00")
    bob_maths = await priced(school, "bob:Mathematics:teo")
    paid = await started(school, "paula", ann_maths)
    await confirm(school, paid)
    clock.advance(minutes=1)
    open_payment = await started(school, "paula", bob_maths)
    return {
        "school": school,
        "m1": m1,
        "m2": m2,
        "m3": m3,
        "e1": e1,
        "p1": p1,
        "homework": homework,
        "submission": submission,
        "teo_report": teo_report,
        "tina_report": tina_report,
        "paid": paid,
        "open_payment": open_payment,
    }


async def dashboard(school: School, role: str, who: str) -> dict[str, Any]:
    response = await school.client.get(f"/api/v1/dashboard/{role}", headers=school[who].headers)
    assert response.status_code == 200, response.text
    assert len(response.content) < 100_000
    body: dict[str, Any] = response.json()
    return body
