"""Every scheduling rule through HTTP, for creation and for partial changes alike."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.lesson_helpers import LESSONS, at, schedule, scheduled
from tests.fakes.clock import FakeClock
from thebot.bootstrap import Container


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def patch(school: School, who: str, lesson_id: str, **changes: Any) -> Any:
    return await school.client.patch(
        f"{LESSONS}/{lesson_id}", json=changes, headers=school[who].headers
    )


async def test_a_teacher_schedules_a_lesson_with_an_enrolled_student(school: School) -> None:
    lesson = await scheduled(
        school,
        "teo",
        "ann",
        "Mathematics",
        at("10:00"),
        at("11:30"),
        description="  Fractions  ",
        meeting_url="https://meet.example.test/abc",
    )
    assert lesson["teacher"] == {"id": str(school["teo"].id), "name": "Teo Test"}
    assert lesson["student"] == {"id": str(school["ann"].id), "name": "Ann Test"}
    assert lesson["subject"]["name"] == "Mathematics"
    assert lesson["start_at"] == "2026-11-26T07:00:00Z"
    assert lesson["end_at"] == "2026-11-26T08:30:00Z"
    assert lesson["local_start"] == "2026-11-26T10:00:00+03:00"
    assert lesson["timezone"] == "Europe/Moscow"
    assert lesson["duration_minutes"] == 90
    assert lesson["description"] == "Fractions"
    assert lesson["status"] == "scheduled"
    assert lesson["created_by_id"] == str(school["teo"].id)
    got = await school.client.get(f"{LESSONS}/{lesson['id']}", headers=school["ann"].headers)
    assert got.json()["id"] == lesson["id"]


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (at("11:00"), at("10:00"), "end_at", "must be after start_at"),
        (at("10:00"), at("10:00"), "end_at", "must be after start_at"),
        (at("10:00"), at("10:10"), "end_at", "at least 15 minutes"),
        (at("10:00"), at("14:01"), "end_at", "at most 4 hours"),
        (at("10:00", "2026-11-24"), at("11:00", "2026-11-24"), "start_at", "in the past"),
        ("2026-11-26T10:00:00", at("11:00"), "start_at", "time zone offset"),
    ],
)
async def test_times_that_break_a_rule_are_refused(
    school: School, start: str, end: str, field: str, message: str
) -> None:
    response = await schedule(school, "teo", "ann", "Mathematics", start, end)
    body = assert_problem(response, 400, fields=[field])
    assert message in body["errors"][0]["message"]
    assert (await school.client.get(LESSONS, headers=school["teo"].headers)).json()["total"] == 0


async def test_exactly_15_minutes_and_exactly_4_hours_are_allowed(school: School) -> None:
    await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("10:15"))
    await scheduled(school, "teo", "ann", "Mathematics", at("12:00"), at("16:00"))


@pytest.mark.parametrize("url", ["ftp://files.example.test/x", "javascript:alert(1)", "meet"])
async def test_a_meeting_link_must_be_http_or_https(school: School, url: str) -> None:
    response = await schedule(
        school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"), meeting_url=url
    )
    assert_problem(response, 400, fields=["meeting_url"])


async def test_only_through_an_active_enrollment(school: School) -> None:
    # teo teaches ann Mathematics, but not cid; tara teaches ann English, not Mathematics.
    for teacher, student, subject in (
        ("teo", "cid", "Mathematics"),
        ("tara", "ann", "Mathematics"),
        ("teo", "ann", "English"),
    ):
        response = await schedule(school, teacher, student, subject, at("10:00"), at("11:00"))
        body = assert_problem(response, 400, fields=["student_id"])
        assert "no active enrollment" in body["detail"]
    enrollment = school.enrollments["ann:Mathematics:teo"]["id"]
    await school.client.delete(f"/api/v1/enrollments/{enrollment}", headers=school["admin"].headers)
    response = await schedule(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    assert_problem(response, 400, fields=["student_id"])


@pytest.mark.parametrize("who", ["ann", "tina", "paula", "admin"])
async def test_only_teachers_schedule(school: School, who: str) -> None:
    response = await schedule(school, who, "ann", "Mathematics", at("10:00"), at("11:00"))
    assert_problem(response, 403)


async def test_no_overlap_with_the_teachers_or_the_students_other_lessons(
    school: School,
) -> None:
    first = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    teacher_busy = await schedule(school, "teo", "bob", "Mathematics", at("10:30"), at("11:30"))
    body = assert_problem(teacher_busy, 409)
    assert "of the teacher" in body["detail"]
    assert first["id"] in body["detail"]
    assert "2026-11-26 10:00 to 11:00 MSK" in body["detail"]
    student_busy = await schedule(school, "tara", "ann", "English", at("09:30"), at("10:30"))
    body = assert_problem(student_busy, 409)
    assert "of the student" in body["detail"]
    assert first["id"] in body["detail"]
    # Back to back is not an overlap.
    await scheduled(school, "teo", "bob", "Mathematics", at("11:00"), at("12:00"))
    await scheduled(school, "tara", "ann", "English", at("09:00"), at("10:00"))


async def test_a_partial_change_is_checked_as_a_whole(school: School) -> None:
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    other = await scheduled(school, "teo", "bob", "Mathematics", at("12:00"), at("13:00"))
    body = assert_problem(await patch(school, "teo", lesson["id"], end_at=at("09:30")), 400)
    assert body["errors"][0] == {"field": "end_at", "message": "must be after start_at"}
    overlap = await patch(school, "teo", lesson["id"], end_at=at("12:30"))
    assert other["id"] in assert_problem(overlap, 409)["detail"]
    moved = await patch(school, "teo", lesson["id"], start_at=at("14:00"), end_at=at("15:00"))
    assert moved.status_code == 200, moved.text
    assert moved.json()["local_start"] == "2026-11-26T14:00:00+03:00"
    # Moving within its own old slot is no overlap with itself.
    again = await patch(school, "teo", lesson["id"], end_at=at("15:30"))
    assert again.status_code == 200
    refused = await patch(school, "teo", lesson["id"], student_id=str(school["bob"].id))
    assert_problem(refused, 400, fields=["student_id"])
    assert_problem(await patch(school, "teo", lesson["id"], start_at="soon"), 400)


async def test_only_the_teacher_who_scheduled_it_changes_or_cancels_it(school: School) -> None:
    lesson = await scheduled(school, "tara", "ann", "English", at("10:00"), at("11:00"))
    # Another teacher does not even see it; the student sees it but may not change it.
    assert_problem(await patch(school, "teo", lesson["id"], description="mine"), 404)
    assert_problem(await patch(school, "ann", lesson["id"], description="mine"), 403)
    assert_problem(await patch(school, "admin", lesson["id"], description="office"), 403)
    for who in ("teo", "ann", "paula"):
        response = await school.client.delete(
            f"{LESSONS}/{lesson['id']}", headers=school[who].headers
        )
        assert response.status_code in (403, 404)
    got = await school.client.get(f"{LESSONS}/{lesson['id']}", headers=school["tara"].headers)
    assert got.json()["description"] is None
    assert got.json()["status"] == "scheduled"


async def test_a_lesson_that_has_started_cannot_be_changed(
    school: School, clock: FakeClock
) -> None:
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    clock.advance(hours=22, minutes=1)  # 2026-11-26 07:01 UTC: a minute into the lesson
    await school.sign_in_again()
    body = assert_problem(await patch(school, "teo", lesson["id"], description="late"), 409)
    assert "has started" in body["detail"]
    done = await school.client.post(
        f"{LESSONS}/{lesson['id']}/complete", headers=school["teo"].headers
    )
    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    final = await school.client.post(
        f"{LESSONS}/{lesson['id']}/complete", headers=school["teo"].headers
    )
    assert_problem(final, 409)


async def test_completing_before_the_start_is_refused(school: School) -> None:
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    response = await school.client.post(
        f"{LESSONS}/{lesson['id']}/complete", headers=school["teo"].headers
    )
    assert_problem(response, 409)


async def test_cancelling_keeps_the_lesson_and_frees_its_time(
    school: School, clock: FakeClock
) -> None:
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    url = f"{LESSONS}/{lesson['id']}"
    cancelled = await school.client.delete(
        url, params={"reason": "Ann is ill"}, headers=school["teo"].headers
    )
    assert cancelled.status_code == 204
    assert cancelled.content == b""
    kept = (await school.client.get(url, headers=school["ann"].headers)).json()
    assert (kept["status"], kept["cancel_reason"]) == ("cancelled", "Ann is ill")
    again = await school.client.delete(url, headers=school["teo"].headers)
    assert "cancelled" in assert_problem(again, 409)["detail"]
    assert_problem(await patch(school, "teo", lesson["id"], description="x"), 409)
    await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))


async def test_cancelling_less_than_2_hours_ahead_is_refused(
    school: School, clock: FakeClock
) -> None:
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    clock.advance(hours=20, minutes=1)  # 1 h 59 min before the start
    await school.sign_in_again()
    response = await school.client.delete(
        f"{LESSONS}/{lesson['id']}", headers=school["teo"].headers
    )
    body = assert_problem(response, 409)
    assert "more than 2 hours before" in body["detail"]


async def test_malformed_bodies_are_refused(school: School) -> None:
    for body in (
        {},
        {"student_id": "nope", "subject_id": str(school.subjects["Mathematics"])},
        {
            "student_id": str(school["ann"].id),
            "subject_id": str(school.subjects["Mathematics"]),
            "start_at": at("10:00"),
            "end_at": at("11:00"),
            "colour": "red",
        },
    ):
        response = await school.client.post(LESSONS, json=body, headers=school["teo"].headers)
        assert_problem(response, 400)


async def test_two_bookings_of_one_slot_at_once_make_one_lesson(school: School) -> None:
    import asyncio

    responses = await asyncio.gather(
        schedule(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00")),
        schedule(school, "tara", "ann", "English", at("10:30"), at("11:30")),
    )
    assert sorted(r.status_code for r in responses) == [201, 409]


async def lesson_count(school: School) -> int:
    response = await school.client.get(LESSONS, headers=school["admin"].headers)
    return int(response.json()["total"])


async def test_malformed_requests_change_nothing(school: School) -> None:
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    for body in (
        {"start_at": "soon"},
        {"end_at": 5},
        {"description": "x" * 5001},
        {"meeting_url": "ftp://x.test/y"},
        {"room": "B2"},
    ):
        assert_problem(await patch(school, "teo", lesson["id"], **body), 400)
    got = await school.client.get(f"{LESSONS}/{lesson['id']}", headers=school["teo"].headers)
    unchanged = {k: v for k, v in got.json().items() if k != "updated_at"}
    assert unchanged == {k: v for k, v in lesson.items() if k != "updated_at"}
    for body in (
        {"student_id": str(school["ann"].id)},
        {"student_id": "x", "subject_id": "y", "start_at": at("12:00"), "end_at": at("13:00")},
    ):
        response = await school.client.post(LESSONS, json=body, headers=school["teo"].headers)
        assert_problem(response, 400)
    assert await lesson_count(school) == 1
    history = await school.client.get(
        f"{LESSONS}/{lesson['id']}/history", headers=school["teo"].headers
    )
    assert [entry["action"] for entry in history.json()] == ["created"]


async def test_completing_is_the_scheduling_teachers_alone(
    school: School, clock: FakeClock
) -> None:
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    clock.advance(hours=22, minutes=1)
    await school.sign_in_again()
    url = f"{LESSONS}/{lesson['id']}/complete"
    assert_problem(await school.client.post(url, headers=school["ann"].headers), 403)
    assert_problem(await school.client.post(url, headers=school["paula"].headers), 403)
    assert_problem(await school.client.post(url, headers=school["tara"].headers), 404)
    got = await school.client.get(f"{LESSONS}/{lesson['id']}", headers=school["teo"].headers)
    assert got.json()["status"] == "scheduled"
