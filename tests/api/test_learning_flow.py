"""The school's daily work end to end, and every forbidden step on the way changing nothing.

tutor enrolls → teacher publishes a material and homework → students progress and submit (on
time and late) → teacher grades → teacher reports → the parent reads the report.
"""

from __future__ import annotations

from datetime import timedelta

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import build_school
from tests.fakes.clock import FakeClock
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role


async def test_the_whole_flow_and_its_forbidden_steps(
    client: Client, container: Container, clock: FakeClock
) -> None:
    school = await build_school(client, container)
    await school.add(
        "eve", Role.STUDENT, grade=8, tutor_id=school["tina"].id, parent_id=school["paula"].id
    )
    get, post = client.get, client.post

    # The tutor enrolls her new student with the maths teacher.
    enrollment = await school.enroll("eve", "Mathematics", "teo", by="tina")
    assert enrollment["status"] == "active"
    assert_problem(
        await post(
            "/api/v1/enrollments",
            json={
                "student_id": str(school["cid"].id),
                "subject_id": str(school.subjects["Physics"]),
                "teacher_id": str(school["tara"].id),
            },
            headers=school["tina"].headers,
        ),
        400,
        fields=["student_id"],
    )

    # The teacher publishes a material to two of his students; another teacher's student is refused.
    maths = str(school.subjects["Mathematics"])
    refused = await post(
        "/api/v1/materials",
        json={
            "title": "Fractions",
            "subject_id": maths,
            "type": "theory",
            "status": "active",
            "student_ids": [str(school["cid"].id)],
        },
        headers=school["teo"].headers,
    )
    assert_problem(refused, 400, fields=["student_ids"])
    material = (
        await post(
            "/api/v1/materials",
            json={
                "title": "Fractions",
                "content": "A fraction is a part of a whole.",
                "subject_id": maths,
                "type": "theory",
                "status": "active",
                "student_ids": [str(school["eve"].id), str(school["ann"].id)],
            },
            headers=school["teo"].headers,
        )
    ).json()
    assert material["published_at"] is not None

    # Homework due in two days.
    due = (clock.now() + timedelta(days=2)).isoformat()
    homework = await post(
        "/api/v1/assignments",
        json={
            "title": "Exercises 1-10",
            "subject_id": maths,
            "due_at": due,
            "max_score": 10,
            "student_ids": [str(school["eve"].id), str(school["ann"].id)],
        },
        headers=school["teo"].headers,
    )
    assert homework.status_code == 201, homework.text
    assignment = homework.json()

    # Students study: progress adds up; an unassigned student can neither see nor progress.
    progress_url = f"/api/v1/materials/{material['id']}/progress"
    first = await post(
        progress_url,
        json={"progress_percentage": 40, "time_spent_minutes": 25},
        headers=school["eve"].headers,
    )
    assert first.status_code in (200, 201), first.text
    done = await post(
        progress_url,
        json={"progress_percentage": 100, "time_spent_minutes": 20},
        headers=school["eve"].headers,
    )
    assert done.json()["time_spent_minutes"] == 45
    assert done.json()["completed_at"] is not None
    assert_problem(
        await post(
            progress_url,
            json={"progress_percentage": 10, "time_spent_minutes": 1},
            headers=school["bob"].headers,
        ),
        404,
    )
    assert_problem(
        await get(f"/api/v1/materials/{material['id']}", headers=school["bob"].headers), 404
    )
    assert_problem(
        await post(
            progress_url,
            json={"progress_percentage": 120, "time_spent_minutes": 1},
            headers=school["eve"].headers,
        ),
        400,
    )

    # Eve submits on time; Ann submits late.
    submit_url = f"/api/v1/assignments/{assignment['id']}/submissions"
    on_time = await post(
        submit_url, files={"text": (None, "1) 1/2 2) 3/4")}, headers=school["eve"].headers
    )
    assert on_time.status_code == 201, on_time.text
    assert on_time.json()["is_late"] is False
    clock.advance(days=3)
    await school.sign_in_again()  # three days later, everyone signs in anew
    late = await post(
        submit_url,
        files={"text": (None, "All done, sorry for the delay")},
        headers=school["ann"].headers,
    )
    assert late.json()["is_late"] is True
    assert_problem(
        await post(submit_url, files={"text": (None, "me too")}, headers=school["bob"].headers), 404
    )

    # The teacher grades; another teacher may not; a score above the maximum is refused.
    pending = await get(
        "/api/v1/submissions", params={"status": "pending"}, headers=school["teo"].headers
    )
    assert [s["id"] for s in pending.json()["items"]] == [on_time.json()["id"], late.json()["id"]]
    feedback = f"/api/v1/submissions/{on_time.json()['id']}/feedback"
    assert_problem(await post(feedback, json={"score": 9}, headers=school["tara"].headers), 404)
    assert_problem(await post(feedback, json={"score": 11}, headers=school["teo"].headers), 400)
    assert_problem(await post(feedback, json={"score": 9}, headers=school["eve"].headers), 403)
    graded = await post(
        feedback, json={"score": 9, "comment": "Very good"}, headers=school["teo"].headers
    )
    assert graded.json()["status"] == "graded"
    seen = (
        await get(f"/api/v1/submissions/{on_time.json()['id']}", headers=school["eve"].headers)
    ).json()
    assert (seen["score"], seen["feedback"]) == (9, "Very good")

    # The teacher reports to the tutor and the parent; the parent reads it; another family cannot.
    report = (
        await post(
            "/api/v1/reports",
            json={
                "student_id": str(school["eve"].id),
                "subject_id": maths,
                "period_start": "2026-11-01",
                "period_end": "2026-11-30",
                "title": "Eve in November",
                "summary": "Fractions mastered; homework 9/10.",
                "progress_percentage": 100,
                "send": True,
            },
            headers=school["teo"].headers,
        )
    ).json()
    inbox = (
        await get("/api/v1/reports", params={"unread": "true"}, headers=school["paula"].headers)
    ).json()
    assert [r["id"] for r in inbox["items"]] == [report["id"]]
    assert (
        await post(f"/api/v1/reports/{report['id']}/read", headers=school["paula"].headers)
    ).status_code == 200
    assert_problem(
        await get(f"/api/v1/reports/{report['id']}", headers=school["pete"].headers), 404
    )
    assert (await get("/api/v1/reports", headers=school["paula"].headers)).json()[
        "unread_count"
    ] == 0

    # Refusals changed nothing.
    assert (await get("/api/v1/materials", headers=school["teo"].headers)).json()["total"] == 1
    ann_work = (
        await get(f"/api/v1/submissions/{late.json()['id']}", headers=school["teo"].headers)
    ).json()
    assert ann_work["status"] == "submitted"
    assert ann_work["score"] is None
