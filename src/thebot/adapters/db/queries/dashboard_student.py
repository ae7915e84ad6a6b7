"""The student's dashboard: subjects, materials with progress, homework, activity."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from advanced_alchemy.types import GUID
from sqlalchemy import (
    and_,
    case,
    func,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)

from thebot.adapters.db.expressions import subject_display
from thebot.adapters.db.models import (
    AssignmentModel,
    AssignmentStudentModel,
    EnrollmentModel,
    MaterialModel,
    SubjectModel,
    SubmissionModel,
)
from thebot.adapters.db.queries.dashboard_base import (
    ACTIVE,
    LIST_SIZE,
    MA,
    ME,
    MP,
    SINCE,
    TEACHER,
    DashboardBase,
    percent,
)
from thebot.adapters.db.queries.dashboard_blocks import (
    next_lesson,
    next_lesson_for,
)
from thebot.domain.accounts.entities import User
from thebot.domain.dashboards.models import (
    Activity,
    GradedWork,
    HomeworkDue,
    MaterialCard,
    Person,
    ProgressSummary,
    StudentDashboard,
    SubjectCard,
)


class StudentDashboardQueries(DashboardBase):
    """The student's home screen (``DashboardQueries.student``)."""

    async def student(self, user: User, now: datetime) -> StudentDashboard:
        self._params = {"me": user.id, "since": now - timedelta(days=7), "now": now}
        teacher = TEACHER

        # Each builder runs once per process (``_run`` keeps what it built): nothing of SQLAlchemy
        # is constructed per request.
        def subjects_of_me() -> Any:
            coming, on = next_lesson_for(
                EnrollmentModel, lambda student_id: student_id == ME, lateral=self._lateral
            )
            return (
                select(
                    EnrollmentModel.id,
                    EnrollmentModel.subject_id,
                    subject_display(),
                    SubjectModel.color,
                    teacher.id,
                    teacher.full_name,
                    coming.c.id,
                    coming.c.start_at,
                    coming.c.end_at,
                )
                .join(SubjectModel, SubjectModel.id == EnrollmentModel.subject_id)
                .join(teacher, teacher.id == EnrollmentModel.teacher_id)
                .outerjoin(coming, on)
                .where(EnrollmentModel.student_id == ME, EnrollmentModel.status == ACTIVE)
                .order_by(subject_display())
            )

        def materials_of_me() -> Any:
            assigned = (
                select(MA.material_id)
                .join(
                    MaterialModel,
                    and_(MaterialModel.id == MA.material_id, MaterialModel.status == ACTIVE),
                )
                .outerjoin(MP, and_(MP.material_id == MA.material_id, MP.student_id == ME))
                .where(MA.student_id == ME)
            )
            completed_flag = case((MP.completed_at.is_not(None), 1), else_=0)
            started_flag = case((and_(MP.id.is_not(None), MP.completed_at.is_(None)), 1), else_=0)
            # The summary rides along as window aggregates, computed over every row before LIMIT.
            return (
                assigned.with_only_columns(
                    MaterialModel.id,
                    MaterialModel.title,
                    MaterialModel.type,
                    SubjectModel.name,
                    func.coalesce(MP.progress_percentage, 0),
                    func.coalesce(MP.time_spent_minutes, 0),
                    MP.completed_at.is_not(None),
                    MP.last_accessed_at,
                    func.count().over(),
                    func.sum(completed_flag).over(),
                    func.sum(started_flag).over(),
                    func.avg(func.coalesce(MP.progress_percentage, 0)).over(),
                    func.sum(func.coalesce(MP.time_spent_minutes, 0)).over(),
                )
                .join(SubjectModel, SubjectModel.id == MaterialModel.subject_id)
                .order_by(
                    case((MP.completed_at.is_(None), 0), else_=1),
                    func.coalesce(MP.last_accessed_at, MaterialModel.published_at).desc(),
                    MaterialModel.id,
                )
                .limit(LIST_SIZE)
            )

        subjects = await self._run("q98", subjects_of_me)
        materials = (await self._run("q125", materials_of_me)).all()
        total, completed, in_progress, average, minutes = (
            materials[0][-5:] if materials else (0, 0, 0, 0, 0)
        )

        def due_of_me() -> Any:
            mine = and_(
                SubmissionModel.assignment_id == AssignmentModel.id,
                SubmissionModel.student_id == ME,
            )
            return (
                select(
                    AssignmentModel.id,
                    AssignmentModel.title,
                    SubjectModel.name,
                    AssignmentModel.due_at,
                    SubmissionModel.status,
                    SubmissionModel.id,
                )
                .join(
                    AssignmentStudentModel,
                    AssignmentStudentModel.assignment_id == AssignmentModel.id,
                )
                .join(SubjectModel, SubjectModel.id == AssignmentModel.subject_id)
                .outerjoin(SubmissionModel, mine)
                .where(
                    AssignmentStudentModel.student_id == ME,
                    AssignmentModel.status == "published",
                    (SubmissionModel.id.is_(None)) | (SubmissionModel.status == "returned"),
                )
                .order_by(AssignmentModel.due_at, AssignmentModel.id)
                .limit(LIST_SIZE)
            )

        due = await self._run("q156", due_of_me)
        graded = await self._run(
            "q178",
            lambda: (
                select(
                    SubmissionModel.id,
                    AssignmentModel.id,
                    AssignmentModel.title,
                    SubjectModel.name,
                    SubmissionModel.score,
                    AssignmentModel.max_score,
                    SubmissionModel.feedback,
                    SubmissionModel.graded_at,
                )
                .join(AssignmentModel, AssignmentModel.id == SubmissionModel.assignment_id)
                .join(SubjectModel, SubjectModel.id == AssignmentModel.subject_id)
                .where(SubmissionModel.student_id == ME, SubmissionModel.status == "graded")
                .order_by(SubmissionModel.graded_at.desc())
                .limit(5)
            ),
        )
        return StudentDashboard(
            greeting=self._greeting(user),
            subjects=[
                SubjectCard(
                    enrollment_id=eid,
                    subject_id=sid,
                    name=name,
                    color=color,
                    teacher=Person(id=tid, name=tname),
                    next_lesson=next_lesson(lid, start, end),
                )
                for eid, sid, name, color, tid, tname, lid, start, end in subjects
            ],
            current_materials=[
                MaterialCard(
                    material_id=mid,
                    title=title,
                    type=kind,
                    subject_name=subject,
                    progress_percentage=int(pct),
                    time_spent_minutes=int(spent),
                    completed=bool(done),
                    last_accessed_at=seen,
                )
                for mid, title, kind, subject, pct, spent, done, seen, *_ in materials
            ],
            progress=ProgressSummary(
                materials_total=int(total or 0),
                completed=int(completed or 0),
                in_progress=int(in_progress or 0),
                not_started=int(total or 0) - int(completed or 0) - int(in_progress or 0),
                average_progress=percent(average),
                time_spent_minutes=int(minutes or 0),
            ),
            homework_due=[
                HomeworkDue(
                    assignment_id=aid,
                    title=title,
                    subject_name=subject,
                    due_at=due_at,
                    is_overdue=due_at < now,
                    state="returned" if status == "returned" else "not_submitted",
                    submission_id=submission_id,
                )
                for aid, title, subject, due_at, status, submission_id in due
            ],
            recently_graded=[
                GradedWork(
                    submission_id=sid,
                    assignment_id=aid,
                    title=title,
                    subject_name=subject,
                    score=score,
                    max_score=top,
                    feedback=feedback,
                    graded_at=at,
                )
                for sid, aid, title, subject, score, top, feedback, at in graded
            ],
            recent_activity=await self._activity(),
            unread_messages=await self._unread_messages(),
            unread_notifications=await self._unread_notifications(),
            upcoming_lessons=await self._upcoming_lessons("student", now),
            study_plans=await self._week_plans("student", now),
        )

    async def _activity(self) -> list[Activity]:
        """The last week's progress, hand-ins and grades, newest first, in one statement."""
        no_id = type_coerce(null(), GUID())
        studied = (
            select(
                literal("progress").label("kind"),
                MaterialModel.title.label("title"),
                MP.last_accessed_at.label("at"),
                MP.material_id.label("material_id"),
                no_id.label("assignment_id"),
                no_id.label("submission_id"),
            )
            .join(MaterialModel, MaterialModel.id == MP.material_id)
            .where(MP.student_id == ME, MP.last_accessed_at >= SINCE)
        )

        def work(kind: str, at: Any) -> Any:
            return (
                select(
                    literal(kind).label("kind"),
                    AssignmentModel.title.label("title"),
                    at.label("at"),
                    no_id.label("material_id"),
                    AssignmentModel.id.label("assignment_id"),
                    SubmissionModel.id.label("submission_id"),
                )
                .join(AssignmentModel, AssignmentModel.id == SubmissionModel.assignment_id)
                .where(SubmissionModel.student_id == ME, at >= SINCE)
            )

        events = union_all(
            studied,
            work("submitted", SubmissionModel.submitted_at),
            work("graded", SubmissionModel.graded_at),
        ).subquery()
        rows = await self._run(
            "q291", lambda: select(events).order_by(events.c.at.desc()).limit(LIST_SIZE)
        )
        return [
            Activity(
                kind=kind,
                title=title,
                at=at,
                material_id=material_id,
                assignment_id=assignment_id,
                submission_id=submission_id,
            )
            for kind, title, at, material_id, assignment_id, submission_id in rows
        ]
