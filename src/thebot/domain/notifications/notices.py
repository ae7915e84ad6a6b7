"""What each event tells the people it concerns: title, body and link, worded in one place.

The services whose events these are build their notices here, from plain values, so that the
notifications of every domain read alike and this module depends on none of them.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal
from uuid import UUID

from thebot.domain.notifications.entities import Notice, NotificationKind

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def moment(at: datetime, zone: tzinfo) -> str:
    """``3 December 18:00`` in the school's time zone (month names do not follow the locale)."""
    local = at.astimezone(zone)
    return f"{local.day} {_MONTHS[local.month - 1]} {local:%H:%M}"


def homework_assigned(
    *, assignment_id: UUID, title: str, subject: str, due_at: datetime, zone: tzinfo
) -> Notice:
    return Notice(
        kind=NotificationKind.HOMEWORK_ASSIGNED,
        title=f"New homework: {title}",
        body=f"{subject} · due {moment(due_at, zone)}",
        link=f"/homework/{assignment_id}",
    )


def homework_graded(
    *,
    assignment_id: UUID,
    title: str,
    subject: str,
    score: int,
    max_score: int,
    returned: bool,
) -> Notice:
    verdict = "returned for revision" if returned else "graded"
    return Notice(
        kind=NotificationKind.HOMEWORK_GRADED,
        title=f"Homework {verdict}: {title}",
        body=f"{subject} · score {score} / {max_score}",
        link=f"/homework/{assignment_id}",
    )


def material_published(*, material_id: UUID, title: str, subject: str, author: str) -> Notice:
    return Notice(
        kind=NotificationKind.MATERIAL_PUBLISHED,
        title=f"New material: {title}",
        body=f"{subject} · from {author}",
        link=f"/materials/{material_id}",
    )


def report_link(report_id: UUID) -> str:
    return f"/reports/{report_id}"


def report_received(
    *, report_id: UUID, title: str, author: str, student: str, subject: str | None
) -> Notice:
    about = f"{author} about {student}"
    return Notice(
        kind=NotificationKind.REPORT_RECEIVED,
        title=f"New report: {title}",
        body=f"{about} · {subject}" if subject else about,
        link=report_link(report_id),
    )


def study_plan_sent(
    *, plan_id: UUID, title: str, student: str, subject: str, author: str, week_start: date
) -> Notice:
    return Notice(
        kind=NotificationKind.STUDY_PLAN_SENT,
        title=f"Study plan for {student}: {subject}",
        body=f"{author} sent the plan for the week of {week_start:%d.%m.%Y}: {title}",
        link=f"/study-plans/{plan_id}",
    )


def _lesson_time(start_at: datetime, end_at: datetime, zone: tzinfo) -> str:
    return f"{moment(start_at, zone)} to {end_at.astimezone(zone):%H:%M}"


def lesson_created(
    *,
    lesson_id: UUID,
    subject: str,
    teacher: str,
    start_at: datetime,
    end_at: datetime,
    zone: tzinfo,
) -> Notice:
    return Notice(
        kind=NotificationKind.LESSON_CREATED,
        title=f"New lesson: {subject}",
        body=f"{_lesson_time(start_at, end_at, zone)} with {teacher}",
        link=f"/lessons/{lesson_id}",
    )


def lesson_moved(
    *,
    lesson_id: UUID,
    subject: str,
    teacher: str,
    start_at: datetime,
    end_at: datetime,
    was_start_at: datetime,
    zone: tzinfo,
) -> Notice:
    return Notice(
        kind=NotificationKind.LESSON_MOVED,
        title=f"Lesson moved: {subject}",
        body=(
            f"Now {_lesson_time(start_at, end_at, zone)} with {teacher} "
            f"(was {moment(was_start_at, zone)})"
        ),
        link=f"/lessons/{lesson_id}",
    )


def lesson_cancelled(
    *,
    lesson_id: UUID,
    subject: str,
    teacher: str,
    start_at: datetime,
    end_at: datetime,
    reason: str | None,
    zone: tzinfo,
) -> Notice:
    body = f"{_lesson_time(start_at, end_at, zone)} with {teacher}"
    return Notice(
        kind=NotificationKind.LESSON_CANCELLED,
        title=f"Lesson cancelled: {subject}",
        body=f"{body} · {reason}" if reason else body,
        link=f"/lessons/{lesson_id}",
    )


def payment_settled(
    *,
    payment_id: UUID,
    succeeded: bool,
    subject: str,
    amount: Decimal,
    currency: str,
    description: str,
) -> Notice:
    """A payment that succeeded or failed (declined, expired, refused by the provider)."""
    return Notice(
        kind=NotificationKind.PAYMENT_SUCCEEDED if succeeded else NotificationKind.PAYMENT_FAILED,
        title=f"Payment {'received' if succeeded else 'failed'}: {subject}",
        body=f"{amount} {currency} · {description}",
        link=f"/payments/{payment_id}",
    )


def student_enrolled(*, enrollment_id: UUID, subject: str, student: str, teacher: str) -> Notice:
    return Notice(
        kind=NotificationKind.STUDENT_ENROLLED,
        title=f"New enrollment: {subject}",
        body=f"{student} with {teacher}",
        link=f"/enrollments/{enrollment_id}",
    )


def chat_message(*, chat_id: UUID, sender: str, subject: str, excerpt: str) -> Notice:
    return Notice(
        kind=NotificationKind.CHAT_MESSAGE,
        title=f"New message from {sender}",
        body=f"{subject}: {excerpt}",
        link=f"/chats/{chat_id}",
    )
