"""What each role's home screen shows. Every item carries the ids the web app links with.

Every block SPEC.md lists for a role is here, each filled by the query port.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import msgspec

from thebot.domain.notifications.entities import NotificationKind
from thebot.domain.payments.entities import PaymentState, PaymentStatus


class Person(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str


class Greeting(msgspec.Struct, frozen=True, kw_only=True):
    first_name: str
    full_name: str
    avatar_url: str | None


class NextLesson(msgspec.Struct, frozen=True, kw_only=True):
    """The next scheduled lesson of an enrollment (the same student, teacher and subject)."""

    lesson_id: UUID
    start_at: datetime
    end_at: datetime


class SubjectCard(msgspec.Struct, frozen=True, kw_only=True):
    enrollment_id: UUID
    subject_id: UUID
    name: str
    color: str
    teacher: Person
    next_lesson: NextLesson | None


class MaterialCard(msgspec.Struct, frozen=True, kw_only=True):
    material_id: UUID
    title: str
    type: str
    subject_name: str
    progress_percentage: int
    time_spent_minutes: int
    completed: bool
    last_accessed_at: datetime | None


class ProgressSummary(msgspec.Struct, frozen=True, kw_only=True):
    materials_total: int
    completed: int
    in_progress: int
    not_started: int
    average_progress: float
    time_spent_minutes: int


class HomeworkDue(msgspec.Struct, frozen=True, kw_only=True):
    assignment_id: UUID
    title: str
    subject_name: str
    due_at: datetime
    is_overdue: bool
    # "not_submitted", or "returned" when the teacher asked for a revision.
    state: str
    submission_id: UUID | None


class GradedWork(msgspec.Struct, frozen=True, kw_only=True):
    submission_id: UUID
    assignment_id: UUID
    title: str
    subject_name: str
    score: int
    max_score: int
    feedback: str | None
    graded_at: datetime


class Activity(msgspec.Struct, frozen=True, kw_only=True):
    # "progress", "submitted" or "graded"
    kind: str
    title: str
    at: datetime
    material_id: UUID | None = None
    assignment_id: UUID | None = None
    submission_id: UUID | None = None


class UpcomingLesson(msgspec.Struct, frozen=True, kw_only=True):
    lesson_id: UUID
    subject_name: str
    teacher: Person
    student: Person
    start_at: datetime
    end_at: datetime
    meeting_url: str | None


class UnreadChat(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    title: str
    kind: str
    unread_count: int
    last_message_at: datetime | None


class UnreadMessages(msgspec.Struct, frozen=True, kw_only=True):
    """Chats with messages one has not read, the most recent first (at most 10 listed)."""

    total: int
    chats_with_unread: int
    chats: list[UnreadChat]


class NotificationCard(msgspec.Struct, frozen=True, kw_only=True):
    notification_id: UUID
    kind: NotificationKind
    title: str
    body: str
    # The web app's path of what it is about.
    link: str
    created_at: datetime


class UnreadNotifications(msgspec.Struct, frozen=True, kw_only=True):
    """How many notifications one has not read, and the newest of them (at most 5)."""

    total: int
    latest: list[NotificationCard]


class PlanCard(msgspec.Struct, frozen=True, kw_only=True):
    """A study plan sent for the current week."""

    plan_id: UUID
    title: str
    week_start: date
    week_end: date
    sent_at: datetime | None
    subject_name: str
    teacher: Person
    student: Person
    files: int


class StudentDashboard(msgspec.Struct, frozen=True, kw_only=True):
    greeting: Greeting
    subjects: list[SubjectCard]
    current_materials: list[MaterialCard]
    progress: ProgressSummary
    homework_due: list[HomeworkDue]
    recently_graded: list[GradedWork]
    recent_activity: list[Activity]
    unread_messages: UnreadMessages
    unread_notifications: UnreadNotifications
    # Scheduled lessons of the next 7 days, soonest first (at most 10).
    upcoming_lessons: list[UpcomingLesson]
    # The study plans teachers sent for this week (Monday to Sunday in the school's zone).
    study_plans: list[PlanCard]


class TeacherCounters(msgspec.Struct, frozen=True, kw_only=True):
    students: int
    active_materials: int
    submissions_to_grade: int
    # Lessons of this week (Monday to Sunday in the school's zone) that are not cancelled.
    lessons_this_week: int


class WaitingSubmission(msgspec.Struct, frozen=True, kw_only=True):
    submission_id: UUID
    assignment_id: UUID
    assignment_title: str
    student: Person
    submitted_at: datetime
    is_late: bool
    version: int


class TaughtStudent(msgspec.Struct, frozen=True, kw_only=True):
    student: Person
    enrollment_id: UUID
    subject_name: str
    completion_percentage: float
    last_activity_at: datetime | None


class MaterialStats(msgspec.Struct, frozen=True, kw_only=True):
    material_id: UUID
    title: str
    status: str
    subject_name: str
    assigned_count: int
    completed_count: int


class SentReport(msgspec.Struct, frozen=True, kw_only=True):
    report_id: UUID
    title: str
    student: Person
    sent_at: datetime


class TeacherDashboard(msgspec.Struct, frozen=True, kw_only=True):
    greeting: Greeting
    counters: TeacherCounters
    submissions_waiting: list[WaitingSubmission]
    students: list[TaughtStudent]
    students_total: int
    materials: list[MaterialStats]
    recent_reports: list[SentReport]
    unread_messages: UnreadMessages
    unread_notifications: UnreadNotifications
    # Scheduled lessons of the next 7 days, soonest first (at most 10).
    upcoming_lessons: list[UpcomingLesson]


class SubjectPayment(msgspec.Struct, frozen=True, kw_only=True):
    """Where an enrollment stands with payments (``paid_until`` is the last paid day)."""

    state: PaymentState
    paid_until: date | None
    price_per_period: Decimal | None


class StudentSubject(msgspec.Struct, frozen=True, kw_only=True):
    enrollment_id: UUID
    subject_name: str
    teacher: Person
    progress_percentage: float
    payment: SubjectPayment
    next_lesson: NextLesson | None


class LastReport(msgspec.Struct, frozen=True, kw_only=True):
    report_id: UUID
    title: str
    sent_at: datetime


class TutoredStudent(msgspec.Struct, frozen=True, kw_only=True):
    student: Person
    grade: int | None
    avatar_url: str | None
    parent: Person | None
    subjects: list[StudentSubject]
    average_progress: float
    last_report: LastReport | None
    # The soonest of the subjects' next lessons.
    next_lesson: NextLesson | None


class TutorStatistics(msgspec.Struct, frozen=True, kw_only=True):
    students: int
    subjects: int
    average_progress: float
    # Subjects of the tutor's students whose paid period is over.
    overdue_payments: int


class TutorDashboard(msgspec.Struct, frozen=True, kw_only=True):
    greeting: Greeting
    students: list[TutoredStudent]
    statistics: TutorStatistics
    recent_reports: list[SentReport]
    unread_messages: UnreadMessages
    unread_notifications: UnreadNotifications
    # Scheduled lessons of the next 7 days, soonest first (at most 10).
    upcoming_lessons: list[UpcomingLesson]


class Child(msgspec.Struct, frozen=True, kw_only=True):
    student: Person
    grade: int | None
    avatar_url: str | None
    tutor: Person | None
    average_progress: float
    subjects: list[StudentSubject]


class UnreadReport(msgspec.Struct, frozen=True, kw_only=True):
    report_id: UUID
    title: str
    student: Person
    author: Person
    period_start: date
    period_end: date
    sent_at: datetime


class ParentStatistics(msgspec.Struct, frozen=True, kw_only=True):
    children: int
    average_progress: float
    unread_reports: int
    # The children's subjects by payment state: paid (due soon included), a payment in
    # progress, the paid period over.
    paid: int
    awaiting: int
    overdue: int


class PaymentDue(msgspec.Struct, frozen=True, kw_only=True):
    """A subject to pay for now: never paid, due within a week, overdue, or being paid."""

    enrollment_id: UUID
    student: Person
    subject_name: str
    amount: Decimal
    state: PaymentState
    paid_until: date | None
    # The payment in progress, to resume it.
    payment_id: UUID | None
    confirmation_url: str | None


class RecentPayment(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: UUID
    student: Person
    subject_name: str
    amount: Decimal
    status: PaymentStatus
    period_start: date
    period_end: date
    created_at: datetime
    paid_at: datetime | None


class ParentDashboard(msgspec.Struct, frozen=True, kw_only=True):
    greeting: Greeting
    children: list[Child]
    unread_reports: list[UnreadReport]
    statistics: ParentStatistics
    # Subjects to pay for now, overdue first; the parent's last payments, newest first.
    payments_due: list[PaymentDue]
    recent_payments: list[RecentPayment]
    unread_messages: UnreadMessages
    unread_notifications: UnreadNotifications
    # Scheduled lessons of the next 7 days, soonest first (at most 10).
    upcoming_lessons: list[UpcomingLesson]
    # The children's study plans sent for this week.
    study_plans: list[PlanCard]
