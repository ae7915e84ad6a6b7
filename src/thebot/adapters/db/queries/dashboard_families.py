"""The family dashboards (tutor and parent): students or children with their subjects,
progress, payments, next lessons and reports."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    and_,
    func,
    select,
)
from sqlalchemy.orm import aliased

from thebot.adapters.db.expressions import subject_display
from thebot.adapters.db.models import (
    EnrollmentModel,
    PaymentModel,
    ReportModel,
    ReportRecipientModel,
    StudentProfileModel,
    SubjectModel,
    UserModel,
)
from thebot.adapters.db.queries.dashboard_base import (
    ACTIVE,
    AUTHOR,
    CHILD,
    CHILDREN_OF,
    LIST_SIZE,
    ME,
    OPEN_PAYMENT,
    RECENT_PAYMENTS,
    SP,
    STUDENT,
    STUDENTS_SHOWN,
    TO_PAY,
    TUTOR,
    DashboardBase,
    percent,
)
from thebot.adapters.db.queries.dashboard_blocks import (
    next_lesson,
    next_lesson_for,
)
from thebot.domain.accounts.entities import User
from thebot.domain.dashboards.models import (
    Child,
    LastReport,
    NextLesson,
    ParentDashboard,
    ParentStatistics,
    PaymentDue,
    Person,
    RecentPayment,
    StudentSubject,
    SubjectPayment,
    TutorDashboard,
    TutoredStudent,
    TutorStatistics,
    UnreadReport,
)
from thebot.domain.payments.entities import PaymentState, PaymentStatus
from thebot.domain.payments.rules import state_of


class FamilyDashboardQueries(DashboardBase):
    """The tutor's and the parent's home screens: the same family rows, seen from above."""

    async def _family_subjects(
        self, students: Any, family: str, today: date, names: Mapping[UUID, str]
    ) -> tuple[dict[UUID, list[StudentSubject]], list[PaymentDue]]:
        """Each student's active subjects with their progress and payment state, and the
        priced subjects to pay for now, overdue first: one statement. ``names`` names the
        students of the payments due."""

        def enrollments_of() -> Any:
            teacher, open_payment = aliased(UserModel), aliased(PaymentModel)
            coming, on = next_lesson_for(
                EnrollmentModel, lambda student_id: student_id.in_(students), lateral=self._lateral
            )
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
                .outerjoin(coming, on)
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
                    progress_percentage=percent(total / count if count else 0),
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
                    average_progress=percent(mean),
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
                average_progress=percent(rows[0][-2]) if rows else 0.0,
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
                    average_progress=percent(mean),
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
                average_progress=percent(sum(averages) / len(averages) if averages else 0),
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


def _soonest(subjects: Iterable[StudentSubject]) -> NextLesson | None:
    lessons = [s.next_lesson for s in subjects if s.next_lesson is not None]
    return min(lessons, key=lambda lesson: lesson.start_at) if lessons else None


def _count(subjects: Mapping[UUID, list[StudentSubject]], *states: PaymentState) -> int:
    """How many of the students' subjects are in one of ``states``."""
    return sum(1 for found in subjects.values() for s in found if s.payment.state in states)
