"""Subjects and enrollments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

import msgspec


class Subject(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    description: str | None
    color: str


class SubjectTeacher(msgspec.Struct, frozen=True, kw_only=True):
    """An active teacher who teaches a subject: whom a student may be enrolled with."""

    id: UUID
    full_name: str


class EnrollmentStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class Enrollment(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    student_id: UUID
    subject_id: UUID
    teacher_id: UUID
    custom_subject_name: str | None
    assigned_by_id: UUID | None
    status: EnrollmentStatus
    started_at: datetime
    ended_at: datetime | None
    price_per_period: Decimal | None
    period_weeks: int
    paid_until: date | None
    # Read along for display: the names people see.
    subject_name: str
    student_name: str
    teacher_name: str

    @property
    def display_name(self) -> str:
        """What the school calls this course: the custom name, or the subject's."""
        return self.custom_subject_name or self.subject_name

    @property
    def is_active(self) -> bool:
        return self.status is EnrollmentStatus.ACTIVE


class NewEnrollment(msgspec.Struct, frozen=True, kw_only=True):
    student_id: UUID
    subject_id: UUID
    teacher_id: UUID
    custom_subject_name: str | None
    assigned_by_id: UUID
    started_at: datetime
    price_per_period: Decimal | None
    period_weeks: int


class EnrollmentQuery(msgspec.Struct, frozen=True, kw_only=True):
    student_id: UUID | None = None
    subject_id: UUID | None = None
    teacher_id: UUID | None = None
    status: EnrollmentStatus | None = None
    # Who is asking narrows what exists for them.
    visible_to_student: UUID | None = None
    visible_to_teacher: UUID | None = None
    visible_to_tutor: UUID | None = None
    visible_to_parent: UUID | None = None
