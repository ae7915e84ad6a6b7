"""The school's own events notify exactly the people they concern, once, never the one who
made them: homework, materials, reports, enrollments and lessons. Payments and chats, the
recipients' preferences and the live push are in test_notification_delivery.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.helpers import Client
from tests.api.homework_helpers import ASSIGNMENTS, feedback, set_homework, submitted
from tests.api.learning_helpers import School, build_school
from tests.api.lesson_helpers import LESSONS, at, scheduled
from tests.api.material_helpers import MATERIALS, publish
from tests.api.notification_helpers import inbox, not_told, told
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role

REPORTS = "/api/v1/reports"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def change(school: School, who: str, url: str, **body: Any) -> dict[str, Any]:
    response = await school.client.patch(url, json=body, headers=school[who].headers)
    assert response.status_code == 200, response.text
    changed: dict[str, Any] = response.json()
    return changed


def ids(school: School, *names: str) -> list[str]:
    return [str(school[name].id) for name in names]


# ----- homework ------------------------------------------------------------------------------


async def test_homework_is_news_to_its_students_once_published_and_to_those_added_later(
    school: School,
) -> None:
    draft = await set_homework(school, students=("ann",), title="Fractions", status="draft")
    url, link = f"{ASSIGNMENTS}/{draft['id']}", f"/homework/{draft['id']}"
    await not_told(school, "homework_assigned", "ann")

    await change(school, "teo", url, status="published")
    [note] = await told(school, "homework_assigned", link, "ann")
    assert note["title"] == "New homework: Fractions"
    # Due two days after the test clock (2026-11-25 09:00 UTC), in the school's time zone.
    assert note["body"] == "Mathematics · due 27 November 12:00"

    await change(school, "teo", url, student_ids=ids(school, "ann", "bob"), title="Fractions II")
    await told(school, "homework_assigned", link, "ann", "bob")  # ann still has one
    # Closed and opened again: nobody new, nothing new.
    await change(school, "teo", url, status="closed")
    await change(school, "teo", url, status="published")
    await told(school, "homework_assigned", link, "ann", "bob")
    await not_told(school, "homework_assigned", "teo", "cid", "paula", "tina")


async def test_homework_set_as_published_tells_each_student_at_once(school: School) -> None:
    work = await set_homework(school, students=("ann", "bob"), title="Decimals")
    await told(school, "homework_assigned", f"/homework/{work['id']}", "ann", "bob")
    await not_told(school, "homework_assigned", "teo", "cid")


async def test_feedback_tells_the_student_whose_work_it_is(school: School) -> None:
    work = await set_homework(school, students=("ann", "bob"), title="Fractions")
    link = f"/homework/{work['id']}"
    ann_work = await submitted(school, "ann", work)
    bob_work = await submitted(school, "bob", work)

    graded = await feedback(school, "teo", ann_work["id"], score=8, comment="Well done")
    assert graded.status_code == 200, graded.text
    [note] = await told(school, "homework_graded", link, "ann")
    assert (note["title"], note["body"]) == (
        "Homework graded: Fractions",
        "Mathematics · score 8 / 100",
    )
    await not_told(school, "homework_graded", "bob", "teo", "cid", "paula")

    returned = await feedback(school, "teo", bob_work["id"], score=3, return_for_revision=True)
    assert returned.status_code == 200, returned.text
    [note] = await told(school, "homework_graded", link, "bob")
    assert note["title"] == "Homework returned for revision: Fractions"
    await told(school, "homework_graded", link, "ann")  # still one


# ----- materials -----------------------------------------------------------------------------


async def test_a_material_is_news_when_first_active_and_to_students_added_later(
    school: School,
) -> None:
    draft = await publish(school, "teo", "Mathematics", ("ann",), title="Fractions explained")
    url, link = f"{MATERIALS}/{draft['id']}", f"/materials/{draft['id']}"
    await not_told(school, "material_published", "ann")

    await change(school, "teo", url, status="active")
    [note] = await told(school, "material_published", link, "ann")
    assert (note["title"], note["body"]) == (
        "New material: Fractions explained",
        "Mathematics · from Teo Test",
    )
    await change(school, "teo", url, student_ids=ids(school, "ann", "bob"))
    await told(school, "material_published", link, "ann", "bob")
    # Archived and active again: not news any more.
    await change(school, "teo", url, status="archived")
    await change(school, "teo", url, status="active")
    await told(school, "material_published", link, "ann", "bob")
    await not_told(school, "material_published", "teo", "cid", "tina", "paula")


async def test_a_material_made_active_tells_its_students_and_a_draft_nobody(
    school: School,
) -> None:
    active = await publish(school, "teo", "Mathematics", ("bob",), status="active")
    await told(school, "material_published", f"/materials/{active['id']}", "bob")
    draft = await publish(school, "teo", "Mathematics", ("ann",))
    await change(school, "teo", f"{MATERIALS}/{draft['id']}", student_ids=ids(school, "ann", "bob"))
    await not_told(school, "material_published", "ann", "teo", "cid")
    assert len(await inbox(school, "bob", "material_published")) == 1


async def test_telling_many_students_costs_what_telling_one_does(
    school: School, count_statements: Callable[[], Any]
) -> None:
    async def cost(students: tuple[str, ...]) -> int:
        with count_statements() as counter:
            material = await publish(school, "teo", "Mathematics", students, status="active")
        await told(school, "material_published", f"/materials/{material['id']}", *students)
        return int(counter.count)

    one = await cost(("ann",))
    for n in range(6):
        await school.add(f"kid_{n}", Role.STUDENT, grade=5, parent_id=school["pete"].id)
        await school.enroll(f"kid_{n}", "Mathematics", "teo")
    assert await cost(("ann", "bob", *(f"kid_{n}" for n in range(6)))) == one


# ----- reports -------------------------------------------------------------------------------


def about(school: School, student: str, subject: str | None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "student_id": str(school[student].id),
        "period_start": "2026-11-01",
        "period_end": "2026-11-30",
        "title": "November progress",
        **extra,
    }
    if subject is not None:
        body["subject_id"] = str(school.subjects[subject])
    return body


async def test_a_report_sent_at_once_tells_each_recipient(school: School) -> None:
    created = await school.client.post(
        REPORTS, json=about(school, "ann", "Mathematics", send=True), headers=school["teo"].headers
    )
    assert created.status_code == 201, created.text
    link = f"/reports/{created.json()['id']}"
    tina, _ = await told(school, "report_received", link, "tina", "paula")
    assert (tina["title"], tina["body"]) == (
        "New report: November progress",
        "Teo Test about Ann Test · Mathematics",
    )
    await not_told(school, "report_received", "teo", "ann", "cid", "pete")


async def test_a_draft_report_tells_nobody_until_it_is_sent(school: School) -> None:
    draft = await school.client.post(
        REPORTS, json=about(school, "bob", None), headers=school["tina"].headers
    )
    assert draft.status_code == 201, draft.text
    report_id = draft.json()["id"]
    await not_told(school, "report_received", "paula")

    sent = await school.client.post(f"{REPORTS}/{report_id}/send", headers=school["tina"].headers)
    assert sent.status_code == 200, sent.text
    [note] = await told(school, "report_received", f"/reports/{report_id}", "paula")
    assert note["body"] == "Tina Test about Bob Test"
    await not_told(school, "report_received", "tina", "bob", "teo", "pete")


# ----- enrollments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "student", "subject", "teacher", "concerned", "others"),
    [
        # The tutor enrolls: the tutor made it and is not told.
        ("tina", "bob", "English", "tara", ("bob", "tara", "paula"), ("tina", "ann", "teo")),
        # The office enrolls: the student, teacher, parent and tutor are told.
        ("admin", "cid", "Mathematics", "teo", ("cid", "teo", "pete", "tom"), ("admin", "ann")),
    ],
)
async def test_an_enrollment_tells_the_student_teacher_parent_and_tutor_but_not_its_maker(
    school: School,
    actor: str,
    student: str,
    subject: str,
    teacher: str,
    concerned: tuple[str, ...],
    others: tuple[str, ...],
) -> None:
    enrollment = await school.enroll(student, subject, teacher, by=actor)
    link = f"/enrollments/{enrollment['id']}"
    [note, *_] = await told(school, "student_enrolled", link, *concerned)
    student_name, teacher_name = f"{student.title()} Test", f"{teacher.title()} Test"
    assert (note["title"], note["body"]) == (
        f"New enrollment: {subject}",
        f"{student_name} with {teacher_name}",
    )
    for name in others:
        assert [n for n in await inbox(school, name) if n["link"] == link] == [], name


# ----- lessons -------------------------------------------------------------------------------


async def test_a_lesson_tells_the_student_and_parent_when_made_moved_and_cancelled(
    school: School,
) -> None:
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    url, link = f"{LESSONS}/{lesson['id']}", f"/lessons/{lesson['id']}"
    note, _ = await told(school, "lesson_created", link, "ann", "paula")
    assert (note["title"], note["body"]) == (
        "New lesson: Mathematics",
        "26 November 10:00 to 11:00 with Teo Test",
    )

    # Only the description or the meeting link: nothing worth a notification.
    await change(school, "teo", url, description="Bring a ruler")
    await change(school, "teo", url, meeting_url="https://meet.example.org/maths")
    await not_told(school, "lesson_moved", "ann", "paula")

    await change(school, "teo", url, start_at=at("11:00"), end_at=at("12:00"))
    note, _ = await told(school, "lesson_moved", link, "ann", "paula")
    assert (note["title"], note["body"]) == (
        "Lesson moved: Mathematics",
        "Now 26 November 11:00 to 12:00 with Teo Test (was 26 November 10:00)",
    )
    await change(school, "teo", url, description="Bring a compass")
    await told(school, "lesson_moved", link, "ann", "paula")  # still one

    cancelled = await school.client.delete(
        url, params={"reason": "Teacher ill"}, headers=school["teo"].headers
    )
    assert cancelled.status_code == 204, cancelled.text
    note, _ = await told(school, "lesson_cancelled", link, "ann", "paula")
    assert (note["title"], note["body"]) == (
        "Lesson cancelled: Mathematics",
        "26 November 11:00 to 12:00 with Teo Test · Teacher ill",
    )
    for kind in ("lesson_created", "lesson_moved", "lesson_cancelled"):
        # Not the teacher who made the changes, nor the tutor, nor another family.
        await not_told(school, kind, "teo", "tina", "bob", "cid", "pete")
