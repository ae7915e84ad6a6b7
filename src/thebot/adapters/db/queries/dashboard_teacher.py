"""The teacher's dashboard: counters, work to grade, students, materials, reports."""

from __future__ import annotations

import functools
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    and_,
    func,
    select,
)
from sqlalchemy.orm import aliased

from thebot.adapters.db.expressions import subject_display
from thebot.adapters.db.models import (
    AssignmentModel,
    EnrollmentModel,
    LessonModel,
    MaterialModel,
    SubjectModel,
    SubmissionModel,
    UserModel,
)
from thebot.adapters.db.queries.dashboard_base import (
    ACTIVE,
    LIST_SIZE,
    MA,
    ME,
    MP,
    STUDENTS_SHOWN,
    WEEK_FROM,
    WEEK_TO,
    DashboardBase,
    percent,
)
from thebot.domain.accounts.entities import User
from thebot.domain.dashboards.models import (
    MaterialStats,
    Person,
    TaughtStudent,
    TeacherCounters,
    TeacherDashboard,
    WaitingSubmission,
)


class TeacherDashboardQueries(DashboardBase):
    """The teacher's home screen (``DashboardQueries.teacher``)."""

    async def teacher(self, user: User, now: datetime) -> TeacherDashboard:
        monday = self._today(now) - timedelta(days=self._today(now).weekday())
        self._params = {
            "me": user.id,
            "week_from": datetime.combine(monday, time(), self._zone),
            "week_to": datetime.combine(monday + timedelta(days=7), time(), self._zone),
        }
        (
            own_assignment,
            active_enrollment,
            student,
            progress,
            assigned_count,
            completed_count,
        ) = _teacher_parts()
        counters = (
            await self._run(
                "q315",
                lambda: select(
                    select(func.count(func.distinct(EnrollmentModel.student_id)))
                    .where(active_enrollment)
                    .scalar_subquery(),
                    select(func.count())
                    .select_from(MaterialModel)
                    .where(MaterialModel.author_id == ME, MaterialModel.status == ACTIVE)
                    .scalar_subquery(),
                    select(func.count())
                    .select_from(SubmissionModel)
                    .join(AssignmentModel, own_assignment)
                    .where(SubmissionModel.status == "submitted")
                    .scalar_subquery(),
                    select(func.count())
                    .select_from(EnrollmentModel)
                    .where(active_enrollment)
                    .scalar_subquery(),
                    select(func.count())
                    .select_from(LessonModel)
                    .where(
                        LessonModel.teacher_id == ME,
                        LessonModel.status != "cancelled",
                        LessonModel.start_at >= WEEK_FROM,
                        LessonModel.start_at < WEEK_TO,
                    )
                    .scalar_subquery(),
                ),
            )
        ).one()
        waiting = await self._run(
            "q337",
            lambda: (
                select(
                    SubmissionModel.id,
                    AssignmentModel.id,
                    AssignmentModel.title,
                    student.id,
                    student.full_name,
                    SubmissionModel.submitted_at,
                    SubmissionModel.is_late,
                    SubmissionModel.version,
                )
                .join(AssignmentModel, own_assignment)
                .join(student, student.id == SubmissionModel.student_id)
                .where(SubmissionModel.status == "submitted")
                .order_by(SubmissionModel.submitted_at, SubmissionModel.id)
                .limit(LIST_SIZE)
            ),
        )
        students = await self._run(
            "q367",
            lambda: (
                select(
                    student.id,
                    student.full_name,
                    EnrollmentModel.id,
                    subject_display(),
                    progress.c.completion,
                    progress.c.last_seen,
                )
                .join(student, student.id == EnrollmentModel.student_id)
                .join(SubjectModel, SubjectModel.id == EnrollmentModel.subject_id)
                .outerjoin(
                    progress,
                    and_(
                        progress.c.student_id == EnrollmentModel.student_id,
                        progress.c.subject_id == EnrollmentModel.subject_id,
                    ),
                )
                .where(active_enrollment)
                .order_by(student.last_name, student.first_name, EnrollmentModel.id)
                .limit(STUDENTS_SHOWN)
            ),
        )
        materials = await self._run(
            "q402",
            lambda: (
                select(
                    MaterialModel.id,
                    MaterialModel.title,
                    MaterialModel.status,
                    SubjectModel.name,
                    assigned_count,
                    completed_count,
                )
                .join(SubjectModel, SubjectModel.id == MaterialModel.subject_id)
                .where(MaterialModel.author_id == ME)
                .order_by(MaterialModel.updated_at.desc(), MaterialModel.id)
                .limit(LIST_SIZE)
            ),
        )
        return TeacherDashboard(
            greeting=self._greeting(user),
            counters=TeacherCounters(
                students=int(counters[0]),
                active_materials=int(counters[1]),
                submissions_to_grade=int(counters[2]),
                lessons_this_week=int(counters[4]),
            ),
            submissions_waiting=[
                WaitingSubmission(
                    submission_id=sid,
                    assignment_id=aid,
                    assignment_title=title,
                    student=Person(id=uid, name=name),
                    submitted_at=at,
                    is_late=late,
                    version=version,
                )
                for sid, aid, title, uid, name, at, late, version in waiting
            ],
            students=[
                TaughtStudent(
                    student=Person(id=uid, name=name),
                    enrollment_id=eid,
                    subject_name=subject,
                    completion_percentage=percent(completion),
                    last_activity_at=seen,
                )
                for uid, name, eid, subject, completion, seen in students
            ],
            students_total=int(counters[3]),
            materials=[
                MaterialStats(
                    material_id=mid,
                    title=title,
                    status=status,
                    subject_name=subject,
                    assigned_count=int(assigned),
                    completed_count=int(done),
                )
                for mid, title, status, subject, assigned, done in materials
            ],
            recent_reports=await self._reports_by(),
            unread_messages=await self._unread_messages(),
            unread_notifications=await self._unread_notifications(),
            upcoming_lessons=await self._upcoming_lessons("teacher", now),
        )


@functools.cache
def _teacher_parts() -> tuple[Any, ...]:
    """The teacher dashboard's shared pieces, built once (they depend on no request value)."""
    own_assignment = and_(
        AssignmentModel.id == SubmissionModel.assignment_id, AssignmentModel.author_id == ME
    )
    active_enrollment = and_(EnrollmentModel.teacher_id == ME, EnrollmentModel.status == ACTIVE)
    student = aliased(UserModel)
    progress = (
        select(
            MA.student_id.label("student_id"),
            MaterialModel.subject_id.label("subject_id"),
            func.avg(func.coalesce(MP.progress_percentage, 0)).label("completion"),
            func.max(MP.last_accessed_at).label("last_seen"),
        )
        .join(MaterialModel, MaterialModel.id == MA.material_id)
        .outerjoin(MP, and_(MP.material_id == MA.material_id, MP.student_id == MA.student_id))
        .where(MaterialModel.author_id == ME, MaterialModel.status == ACTIVE)
        .group_by(MA.student_id, MaterialModel.subject_id)
        .subquery()
    )
    assigned_count = (
        select(func.count())
        .select_from(MA)
        .where(MA.material_id == MaterialModel.id)
        .scalar_subquery()
    )
    completed_count = (
        select(func.count())
        .select_from(MA)
        .join(MP, and_(MP.material_id == MA.material_id, MP.student_id == MA.student_id))
        .where(MA.material_id == MaterialModel.id, MP.completed_at.is_not(None))
        .scalar_subquery()
    )
    return (
        own_assignment,
        active_enrollment,
        student,
        progress,
        assigned_count,
        completed_count,
    )
