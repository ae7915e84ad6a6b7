"""Dashboards in set-based SQL: each a fixed number of statements, whatever the school's size.

Lists are bounded (the home screen shows the first items and the totals); aggregates are
computed by the database, never by walking rows here.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from uuid import UUID

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    and_,
    bindparam,
    case,
    func,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.expressions import subject_display
from thebot.adapters.db.models import (
    AssignmentModel,
    AssignmentStudentModel,
    ChatParticipantModel,
    ChatRoomModel,
    EnrollmentModel,
    LessonModel,
    MaterialAssignmentModel,
    MaterialModel,
    MaterialProgressModel,
    PaymentModel,
    ReportModel,
    ReportRecipientModel,
    StudentProfileModel,
    SubjectModel,
    SubjectProgressModel,
    SubmissionModel,
    UserModel,
)
from thebot.adapters.db.queries.dashboard_blocks import (
    WEEK,
    next_lesson,
    next_lessons,
    to_next_lesson,
    unread_notifications,
    unread_notifications_of,
    week_plans,
    week_plans_of,
)
from thebot.domain.accounts.entities import User
from thebot.domain.dashboards.models import (
    Activity,
    Child,
    GradedWork,
    Greeting,
    HomeworkDue,
    LastReport,
    MaterialCard,
    MaterialStats,
    NextLesson,
    ParentDashboard,
    ParentStatistics,
    PaymentDue,
    Person,
    PlanCard,
    ProgressSummary,
    RecentPayment,
    SentReport,
    StudentDashboard,
    StudentSubject,
    SubjectCard,
    SubjectPayment,
    TaughtStudent,
    TeacherCounters,
    TeacherDashboard,
    TutorDashboard,
    TutoredStudent,
    TutorStatistics,
    UnreadChat,
    UnreadMessages,
    UnreadNotifications,
    UnreadReport,
    UpcomingLesson,
    WaitingSubmission,
)
from thebot.domain.payments.entities import PaymentState, PaymentStatus
from thebot.domain.payments.rules import state_of

LIST_SIZE = 10
STUDENTS_SHOWN = 100
RECENT_PAYMENTS = 5
OPEN_PAYMENT = ("pending", "waiting_for_capture")
# What a parent is asked to pay now, in the order shown.
TO_PAY = (
    PaymentState.OVERDUE,
    PaymentState.NO_PAYMENT,
    PaymentState.DUE,
    PaymentState.AWAITING_PAYMENT,
)
ACTIVE = "active"
MA = MaterialAssignmentModel
MP = MaterialProgressModel
SP = SubjectProgressModel


def _percent(value: Any) -> float:
    return round(float(value or 0), 1)


# Statements are built once per process with bind parameters: building one (and its cache
# key) costs more than running it, on every request.
ME = bindparam("me", type_=GUID())
SINCE = bindparam("since", type_=DateTimeUTC(timezone=True))
NOW = bindparam("now", type_=DateTimeUTC(timezone=True))
UNTIL = bindparam("until", type_=DateTimeUTC(timezone=True))
# Users in their roles (aliases built once: building one costs as much as a small query).
TEACHER, STUDENT, AUTHOR, CHILD, TUTOR = (aliased(UserModel) for _ in range(5))
WEEK_FROM = bindparam("week_from", type_=DateTimeUTC(timezone=True))
WEEK_TO = bindparam("week_to", type_=DateTimeUTC(timezone=True))
CHILDREN_OF = select(StudentProfileModel.user_id).where(StudentProfileModel.parent_id == ME)
_BUILT: dict[str, Any] = {}


class SqlDashboardQueries:
    def __init__(
        self, session: AsyncSession, media_url: Callable[[str], str], zone: tzinfo
    ) -> None:
        self._session = session
        self._media_url = media_url
        self._zone = zone
        self._params: dict[str, Any] = {}

    async def _run(self, name: str, build: Callable[[], Any]) -> Any:
        statement = _BUILT.get(name)
        if statement is None:
            statement = _BUILT[name] = build()
        # Core execution on the session's connection: these selects load no ORM objects, and
        # skipping the ORM's execution layer saves a large share of each statement's CPU.
        connection = await self._session.connection()
        return await connection.execute(statement, self._params)

    def _greeting(self, user: User) -> Greeting:
        return Greeting(
            first_name=user.first_name,
            full_name=user.full_name,
            avatar_url=self._media_url(user.avatar_key) if user.avatar_key else None,
        )

    async def _upcoming_lessons(self, role: str, now: datetime) -> list[UpcomingLesson]:
        """Scheduled lessons of the next 7 days that ``role`` sees: one statement."""
        self._params = {**self._params, "now": now, "until": now + timedelta(days=7)}

        def build() -> Any:
            lesson, teacher, student = LessonModel, aliased(UserModel), aliased(UserModel)
            whose = {
                "student": lesson.student_id == ME,
                "teacher": lesson.teacher_id == ME,
                "tutor": StudentProfileModel.tutor_id == ME,
                "parent": StudentProfileModel.parent_id == ME,
            }[role]
            return (
                select(
                    lesson.id,
                    SubjectModel.name,
                    teacher.id,
                    teacher.full_name,
                    student.id,
                    student.full_name,
                    lesson.start_at,
                    lesson.end_at,
                    lesson.meeting_url,
                )
                .join(SubjectModel, SubjectModel.id == lesson.subject_id)
                .join(teacher, teacher.id == lesson.teacher_id)
                .join(student, student.id == lesson.student_id)
                .join(StudentProfileModel, StudentProfileModel.user_id == lesson.student_id)
                .where(
                    whose,
                    lesson.status == "scheduled",
                    lesson.start_at >= NOW,
                    lesson.start_at < UNTIL,
                )
                .order_by(lesson.start_at, lesson.id)
                .limit(LIST_SIZE)
            )

        rows = await self._run(f"{role}:upcoming_lessons", build)
        return [
            UpcomingLesson(
                lesson_id=lid,
                subject_name=subject,
                teacher=Person(id=tid, name=tname),
                student=Person(id=sid, name=sname),
                start_at=start,
                end_at=end,
                meeting_url=url,
            )
            for lid, subject, tid, tname, sid, sname, start, end, url in rows
        ]

    async def _unread_messages(self) -> UnreadMessages:
        """Per chat, the messages from others after one's read mark (each participant's kept
        count): one statement."""

        def build() -> Any:
            part, room = ChatParticipantModel, ChatRoomModel
            return (
                select(
                    room.id,
                    room.title,
                    room.kind,
                    room.last_message_at,
                    part.unread_count,
                    func.sum(part.unread_count).over(),
                    func.count().over(),
                )
                .select_from(part)
                .join(room, room.id == part.room_id)
                .where(part.user_id == ME, part.left_at.is_(None), part.unread_count > 0)
                .order_by(room.last_message_at.desc(), room.id)
                .limit(LIST_SIZE)
            )

        rows = (await self._run("unread_messages", build)).all()
        return UnreadMessages(
            total=int(rows[0][5]) if rows else 0,
            chats_with_unread=int(rows[0][6]) if rows else 0,
            chats=[
                UnreadChat(
                    chat_id=cid, title=title, kind=kind, unread_count=int(n), last_message_at=at
                )
                for cid, title, kind, at, n, _, _ in rows
            ],
        )

    async def _unread_notifications(self) -> UnreadNotifications:
        rows = (await self._run("unread_notifications", unread_notifications)).all()
        return unread_notifications_of(rows)

    async def _week_plans(self, role: str, now: datetime) -> list[PlanCard]:
        today = self._today(now)
        self._params = {**self._params, WEEK.key: today - timedelta(days=today.weekday())}
        rows = await self._run(f"{role}:week_plans", lambda: week_plans(role))
        return week_plans_of(rows.all())

    # ----- student ------------------------------------------------------------------------

    async def student(self, user: User, now: datetime) -> StudentDashboard:
        self._params = {"me": user.id, "since": now - timedelta(days=7), "now": now}
        teacher, coming = TEACHER, _next_lessons_of_me()
        subjects = await self._run(
            "q98",
            lambda: (
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
                .outerjoin(coming, to_next_lesson(EnrollmentModel, coming))
                .where(EnrollmentModel.student_id == ME, EnrollmentModel.status == ACTIVE)
                .order_by(subject_display())
            ),
        )
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
        materials = (
            await self._run(
                "q125",
                lambda: (
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
                ),
            )
        ).all()
        total, completed, in_progress, average, minutes = (
            materials[0][-5:] if materials else (0, 0, 0, 0, 0)
        )
        mine = and_(
            SubmissionModel.assignment_id == AssignmentModel.id, SubmissionModel.student_id == ME
        )
        due = await self._run(
            "q156",
            lambda: (
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
            ),
        )
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
                average_progress=_percent(average),
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

    # ----- teacher ------------------------------------------------------------------------

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
                    completion_percentage=_percent(completion),
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

    async def _reports_by(self) -> list[SentReport]:
        student = STUDENT
        rows = await self._run(
            "q462",
            lambda: (
                select(
                    ReportModel.id,
                    ReportModel.title,
                    student.id,
                    student.full_name,
                    ReportModel.sent_at,
                )
                .join(student, student.id == ReportModel.student_id)
                .where(ReportModel.author_id == ME, ReportModel.status == "sent")
                .order_by(ReportModel.sent_at.desc())
                .limit(5)
            ),
        )
        return [
            SentReport(report_id=rid, title=title, student=Person(id=uid, name=name), sent_at=at)
            for rid, title, uid, name, at in rows
        ]

    # ----- families (tutor and parent) -----------------------------------------------------

    async def _family_subjects(
        self, students: Any, family: str, today: date, names: Mapping[UUID, str]
    ) -> tuple[dict[UUID, list[StudentSubject]], list[PaymentDue]]:
        """Each student's active subjects with their progress and payment state, and the
        priced subjects to pay for now, overdue first: one statement. ``names`` names the
        students of the payments due."""

        def enrollments_of() -> Any:
            teacher, open_payment = aliased(UserModel), aliased(PaymentModel)
            coming = next_lessons(lambda student_id: student_id.in_(students))
            return (
                select(
                    EnrollmentModel.student_id,
                    EnrollmentModel.id,
                    subject_display(),
                    teacher.id,
                    teacher.full_name,
                    SP.progress_total,
                    SP.assigned,
                    EnrollmentModel.paid_until,
                    EnrollmentModel.price_per_period,
                    open_payment.id,
                    open_payment.confirmation_url,
                    coming.c.id,
                    coming.c.start_at,
                    coming.c.end_at,
                )
                .join(SubjectModel, SubjectModel.id == EnrollmentModel.subject_id)
                .outerjoin(coming, to_next_lesson(EnrollmentModel, coming))
                .join(teacher, teacher.id == EnrollmentModel.teacher_id)
                .outerjoin(
                    SP,
                    and_(
                        SP.student_id == EnrollmentModel.student_id,
                        SP.subject_id == EnrollmentModel.subject_id,
                    ),
                )
                # At most one open payment per enrollment (a unique index): no duplicates.
                .outerjoin(
                    open_payment,
                    and_(
                        open_payment.enrollment_id == EnrollmentModel.id,
                        open_payment.status.in_(OPEN_PAYMENT),
                    ),
                )
                .where(EnrollmentModel.student_id.in_(students), EnrollmentModel.status == ACTIVE)
                .order_by(subject_display(), EnrollmentModel.id)
            )

        subjects: dict[UUID, list[StudentSubject]] = defaultdict(list)
        dues: list[PaymentDue] = []
        rows = await self._run(f"{family}:enrollments", enrollments_of)
        for sid, eid, name, tid, tname, total, count, paid, price, pid, url, *lesson in rows:
            state = state_of(paid, pid is not None, today)
            subjects[sid].append(
                StudentSubject(
                    enrollment_id=eid,
                    subject_name=name,
                    teacher=Person(id=tid, name=tname),
                    progress_percentage=_percent(total / count if count else 0),
                    payment=SubjectPayment(state=state, paid_until=paid, price_per_period=price),
                    next_lesson=next_lesson(*lesson),
                )
            )
            if price is not None and state in TO_PAY and sid in names:
                dues.append(
                    PaymentDue(
                        enrollment_id=eid,
                        student=Person(id=sid, name=names[sid]),
                        subject_name=name,
                        amount=price,
                        state=state,
                        paid_until=paid,
                        payment_id=pid,
                        confirmation_url=url,
                    )
                )
        dues.sort(key=lambda d: TO_PAY.index(d.state))
        return subjects, dues

    async def tutor(self, user: User, now: datetime) -> TutorDashboard:
        self._params = {"me": user.id, "now": now}
        mine, student, parent, last, average = _tutor_parts()
        rows = (
            await self._run(
                "q536",
                lambda: (
                    select(
                        student.id,
                        student.full_name,
                        student.avatar_key,
                        StudentProfileModel.grade,
                        parent.id,
                        parent.full_name,
                        average,
                        last.id,
                        last.title,
                        last.sent_at,
                        # Windows run before LIMIT: these cover every student of the tutor.
                        func.avg(average).over(),
                        func.count().over(),
                    )
                    .join(StudentProfileModel, StudentProfileModel.user_id == student.id)
                    .outerjoin(parent, parent.id == StudentProfileModel.parent_id)
                    .outerjoin(last, last.id == _last_report_of(student))
                    .where(StudentProfileModel.tutor_id == ME)
                    .order_by(student.last_name, student.first_name)
                    .limit(STUDENTS_SHOWN)
                ),
            )
        ).all()
        subjects, _ = await self._family_subjects(mine, "tutor", self._today(now), {})
        return TutorDashboard(
            greeting=self._greeting(user),
            students=[
                TutoredStudent(
                    student=Person(id=sid, name=name),
                    grade=grade,
                    avatar_url=self._media_url(avatar) if avatar else None,
                    parent=Person(id=pid, name=pname) if pid else None,
                    subjects=subjects.get(sid, []),
                    average_progress=_percent(mean),
                    last_report=(
                        LastReport(report_id=rid, title=title, sent_at=at) if rid else None
                    ),
                    next_lesson=_soonest(subjects.get(sid, ())),
                )
                for sid, name, avatar, grade, pid, pname, mean, rid, title, at, _, _ in rows
            ],
            statistics=TutorStatistics(
                students=int(rows[0][-1]) if rows else 0,
                # Every active enrollment of the tutor's students was loaded above (unbounded).
                subjects=sum(len(found) for found in subjects.values()),
                average_progress=_percent(rows[0][-2]) if rows else 0.0,
                overdue_payments=_count(subjects, PaymentState.OVERDUE),
            ),
            recent_reports=await self._reports_by(),
            unread_messages=await self._unread_messages(),
            unread_notifications=await self._unread_notifications(),
            upcoming_lessons=await self._upcoming_lessons("tutor", now),
        )

    async def parent(self, user: User, now: datetime) -> ParentDashboard:
        self._params = {"me": user.id, "now": now}
        child, tutor = CHILD, TUTOR
        rows = (
            await self._run(
                "q603",
                lambda: (
                    select(
                        child.id,
                        child.full_name,
                        child.avatar_key,
                        StudentProfileModel.grade,
                        tutor.id,
                        tutor.full_name,
                        _student_average(child),
                    )
                    .join(StudentProfileModel, StudentProfileModel.user_id == child.id)
                    .outerjoin(tutor, tutor.id == StudentProfileModel.tutor_id)
                    .where(StudentProfileModel.parent_id == ME)
                    .order_by(child.first_name, child.id)
                ),
            )
        ).all()
        names = {row[0]: row[1] for row in rows}
        subjects, dues = await self._family_subjects(CHILDREN_OF, "parent", self._today(now), names)
        author, student = AUTHOR, STUDENT
        unread = await self._run(
            "q625",
            lambda: (
                select(
                    ReportModel.id,
                    ReportModel.title,
                    student.id,
                    student.full_name,
                    author.id,
                    author.full_name,
                    ReportModel.period_start,
                    ReportModel.period_end,
                    ReportModel.sent_at,
                    func.count().over(),
                )
                .join(ReportRecipientModel, ReportRecipientModel.report_id == ReportModel.id)
                .join(student, student.id == ReportModel.student_id)
                .join(author, author.id == ReportModel.author_id)
                .where(
                    ReportRecipientModel.recipient_id == ME,
                    ReportRecipientModel.read_at.is_(None),
                    ReportModel.status == "sent",
                )
                .order_by(ReportModel.sent_at.desc())
                .limit(LIST_SIZE)
            ),
        )
        unread_rows = unread.all()
        averages = [mean for *_, mean in rows if mean is not None]
        return ParentDashboard(
            greeting=self._greeting(user),
            children=[
                Child(
                    student=Person(id=cid, name=name),
                    grade=grade,
                    avatar_url=self._media_url(avatar) if avatar else None,
                    tutor=Person(id=tid, name=tname) if tid else None,
                    average_progress=_percent(mean),
                    subjects=subjects.get(cid, []),
                )
                for cid, name, avatar, grade, tid, tname, mean in rows
            ],
            unread_reports=[
                UnreadReport(
                    report_id=rid,
                    title=title,
                    student=Person(id=sid, name=sname),
                    author=Person(id=aid, name=aname),
                    period_start=start,
                    period_end=end,
                    sent_at=at,
                )
                for rid, title, sid, sname, aid, aname, start, end, at, _ in unread_rows
            ],
            statistics=ParentStatistics(
                children=len(rows),
                average_progress=_percent(sum(averages) / len(averages) if averages else 0),
                unread_reports=int(unread_rows[0][-1]) if unread_rows else 0,
                paid=_count(subjects, PaymentState.PAID, PaymentState.DUE),
                awaiting=_count(subjects, PaymentState.AWAITING_PAYMENT),
                overdue=_count(subjects, PaymentState.OVERDUE),
            ),
            payments_due=dues,
            recent_payments=await self._recent_payments(),
            unread_messages=await self._unread_messages(),
            unread_notifications=await self._unread_notifications(),
            upcoming_lessons=await self._upcoming_lessons("parent", now),
            study_plans=await self._week_plans("parent", now),
        )

    async def _recent_payments(self) -> list[RecentPayment]:
        """The parent's last payments, newest first: one statement."""

        def build() -> Any:
            child = aliased(UserModel)
            return (
                select(
                    PaymentModel.id,
                    child.id,
                    child.full_name,
                    subject_display(),
                    PaymentModel.amount,
                    PaymentModel.status,
                    PaymentModel.period_start,
                    PaymentModel.period_end,
                    PaymentModel.created_at,
                    PaymentModel.paid_at,
                )
                .join(EnrollmentModel, EnrollmentModel.id == PaymentModel.enrollment_id)
                .join(SubjectModel, SubjectModel.id == EnrollmentModel.subject_id)
                .join(child, child.id == EnrollmentModel.student_id)
                .where(PaymentModel.payer_id == ME)
                .order_by(PaymentModel.created_at.desc(), PaymentModel.id.desc())
                .limit(RECENT_PAYMENTS)
            )

        rows = await self._run("recent_payments", build)
        return [
            RecentPayment(
                payment_id=pid,
                student=Person(id=sid, name=sname),
                subject_name=subject,
                amount=amount,
                status=PaymentStatus(status),
                period_start=start,
                period_end=end,
                created_at=created,
                paid_at=paid,
            )
            for pid, sid, sname, subject, amount, status, start, end, created, paid in rows
        ]

    def _today(self, now: datetime) -> date:
        return now.astimezone(self._zone).date()


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


@functools.cache
def _tutor_parts() -> tuple[Any, ...]:
    """The tutor dashboard's shared pieces, built once."""
    mine = select(StudentProfileModel.user_id).where(StudentProfileModel.tutor_id == ME)
    student, parent, last = aliased(UserModel), aliased(UserModel), aliased(ReportModel)
    return mine, student, parent, last, _student_average(student)


def _student_average(student: Any) -> Any:
    """The student's average progress over every assigned active material (NULL with none),
    from the per-subject summary: a few rows by primary key."""
    return (
        select(func.sum(SP.progress_total) * 1.0 / func.nullif(func.sum(SP.assigned), 0))
        .where(SP.student_id == student.id)
        .correlate(student)
        .scalar_subquery()
    )


def _last_report_of(student: Any) -> Any:
    """The id of the last report sent about the student."""
    return (
        select(ReportModel.id)
        .where(ReportModel.student_id == student.id, ReportModel.status == "sent")
        .order_by(ReportModel.sent_at.desc(), ReportModel.id.desc())
        .limit(1)
        .correlate(student)
        .scalar_subquery()
    )


@functools.cache
def _next_lessons_of_me() -> Any:
    return next_lessons(lambda student_id: student_id == ME)


def _soonest(subjects: Iterable[StudentSubject]) -> NextLesson | None:
    lessons = [s.next_lesson for s in subjects if s.next_lesson is not None]
    return min(lessons, key=lambda lesson: lesson.start_at) if lessons else None


def _count(subjects: Mapping[UUID, list[StudentSubject]], *states: PaymentState) -> int:
    """How many of the students' subjects are in one of ``states``."""
    return sum(1 for found in subjects.values() for s in found if s.payment.state in states)
