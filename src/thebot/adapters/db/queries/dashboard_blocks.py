"""Blocks several dashboards share: unread notifications (every role) and the current week's
study plans (student and parent). One statement each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import Date, Select, and_, bindparam, func, select, true
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import (
    LessonModel,
    NotificationModel,
    StudentProfileModel,
    StudyPlanFileModel,
    StudyPlanModel,
    SubjectModel,
    UserModel,
)
from thebot.domain.dashboards.models import (
    NextLesson,
    NotificationCard,
    Person,
    PlanCard,
    UnreadNotifications,
)
from thebot.domain.notifications.entities import NotificationKind

LATEST = 5
_ME = bindparam("me", type_=GUID())
_NOW = bindparam("now", type_=DateTimeUTC(timezone=True))
# The Monday of the current week in the school's time zone.
WEEK = bindparam("week", type_=Date())


def unread_notifications() -> Select[Any]:
    """The newest unread notifications of the viewer, each row carrying the unread total."""
    n = NotificationModel
    return (
        select(n.id, n.kind, n.title, n.body, n.link, n.created_at, func.count().over())
        .where(n.recipient_id == _ME, n.read_at.is_(None))
        .order_by(n.created_at.desc(), n.id.desc())
        .limit(LATEST)
    )


def unread_notifications_of(rows: Sequence[Any]) -> UnreadNotifications:
    return UnreadNotifications(
        total=int(rows[0][-1]) if rows else 0,
        latest=[
            NotificationCard(
                notification_id=nid,
                kind=NotificationKind(kind),
                title=title,
                body=body,
                link=link,
                created_at=at,
            )
            for nid, kind, title, body, link, at, _ in rows
        ],
    )


def week_plans(role: str) -> Select[Any]:
    """The sent plans of this week for the student (``role`` student) or the parent's
    children, with their number of files."""
    plan, author, student = StudyPlanModel, aliased(UserModel), aliased(UserModel)
    files = (
        select(func.count())
        .where(StudyPlanFileModel.plan_id == plan.id)
        .correlate(plan)
        .scalar_subquery()
    )
    whose = (
        plan.student_id == _ME
        if role == "student"
        else plan.student_id.in_(
            select(StudentProfileModel.user_id).where(StudentProfileModel.parent_id == _ME)
        )
    )
    return (
        select(
            plan.id,
            plan.title,
            plan.week_start,
            plan.sent_at,
            SubjectModel.name,
            author.id,
            author.full_name,
            student.id,
            student.full_name,
            files,
        )
        .join(SubjectModel, SubjectModel.id == plan.subject_id)
        .join(author, author.id == plan.author_id)
        .join(student, student.id == plan.student_id)
        .where(whose, plan.status == "sent", plan.week_start == WEEK)
        .order_by(student.last_name, student.first_name, SubjectModel.name, plan.id)
    )


def week_plans_of(rows: Sequence[Any]) -> list[PlanCard]:
    return [
        PlanCard(
            plan_id=pid,
            title=title,
            week_start=start,
            week_end=start + timedelta(days=6),
            sent_at=sent,
            subject_name=subject,
            teacher=Person(id=tid, name=tname),
            student=Person(id=sid, name=sname),
            files=int(count),
        )
        for pid, title, start, sent, subject, tid, tname, sid, sname, count in rows
    ]


def next_lessons(students: Any) -> Any:
    """Per (student, teacher, subject) of ``students`` (a condition on the student id), the
    next scheduled lesson: a derived table to outer-join with ``to_next_lesson``.

    The portable form (SQLite has no LATERAL): the students' coming lessons ranked once.
    """
    lesson = LessonModel
    ranked = (
        select(
            lesson.id,
            lesson.student_id,
            lesson.teacher_id,
            lesson.subject_id,
            lesson.start_at,
            lesson.end_at,
            func.row_number()
            .over(
                partition_by=(lesson.student_id, lesson.teacher_id, lesson.subject_id),
                order_by=(lesson.start_at, lesson.id),
            )
            .label("rank"),
        )
        .where(students(lesson.student_id), lesson.status == "scheduled", lesson.start_at >= _NOW)
        .subquery("coming")
    )
    return select(ranked).where(ranked.c.rank == 1).subquery("next_lessons")


def next_lesson_lateral(enrollment: Any) -> Any:
    """The enrollment's next scheduled lesson as a LATERAL subquery (PostgreSQL): one probe of
    the (student, start) index per enrollment, instead of ranking every coming lesson of the
    students; outer-join it with ``to_next_lesson``."""
    lesson = aliased(LessonModel)
    return (
        select(lesson.id, lesson.start_at, lesson.end_at)
        .where(
            lesson.student_id == enrollment.student_id,
            lesson.teacher_id == enrollment.teacher_id,
            lesson.subject_id == enrollment.subject_id,
            lesson.status == "scheduled",
            lesson.start_at >= _NOW,
        )
        .order_by(lesson.start_at, lesson.id)
        .limit(1)
        .lateral("next_lessons")
    )


def next_lesson_for(enrollment: Any, students: Any, *, lateral: bool) -> tuple[Any, Any]:
    """What to outer-join an enrollment query with for each row's next lesson, and on what:
    the LATERAL probe on PostgreSQL, the ranked table elsewhere."""
    if lateral:
        return next_lesson_lateral(enrollment), true()
    coming = next_lessons(students)
    return coming, and_(
        coming.c.student_id == enrollment.student_id,
        coming.c.teacher_id == enrollment.teacher_id,
        coming.c.subject_id == enrollment.subject_id,
    )


def next_lesson(lesson_id: Any, start: Any, end: Any) -> NextLesson | None:
    return NextLesson(lesson_id=lesson_id, start_at=start, end_at=end) if lesson_id else None
