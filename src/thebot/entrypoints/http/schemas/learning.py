"""Subjects and enrollments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from thebot.domain.learning.entities import Enrollment, EnrollmentStatus, Subject
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody

Color = Annotated[str, msgspec.Meta(max_length=7)]


class SubjectOut(ResponseBody):
    id: UUID
    name: str
    description: str | None
    color: str

    @classmethod
    def of(cls, subject: Subject) -> SubjectOut:
        return cls(
            id=subject.id, name=subject.name, description=subject.description, color=subject.color
        )


class SubjectTeacherOut(ResponseBody):
    """A teacher a student may be enrolled with in the subject."""

    id: UUID
    full_name: str


class SubjectCreate(RequestBody):
    name: Annotated[str, msgspec.Meta(max_length=100)]
    description: Annotated[str, msgspec.Meta(max_length=2000)] | None = None
    color: Color | UnsetType = UNSET


class SubjectUpdate(RequestBody):
    name: Annotated[str, msgspec.Meta(max_length=100)] | UnsetType = UNSET
    description: Annotated[str, msgspec.Meta(max_length=2000)] | UnsetType | None = UNSET
    color: Color | UnsetType = UNSET


class EnrollmentOut(ResponseBody):
    id: UUID
    student_id: UUID
    student_name: str
    subject_id: UUID
    subject_name: str
    display_name: str
    teacher_id: UUID
    teacher_name: str
    custom_subject_name: str | None
    assigned_by_id: UUID | None
    status: EnrollmentStatus
    started_at: datetime
    ended_at: datetime | None
    price_per_period: Decimal | None
    currency: str
    period_weeks: int
    paid_until: date | None

    @classmethod
    def of(cls, e: Enrollment) -> EnrollmentOut:
        return cls(
            id=e.id,
            student_id=e.student_id,
            student_name=e.student_name,
            subject_id=e.subject_id,
            subject_name=e.subject_name,
            display_name=e.display_name,
            teacher_id=e.teacher_id,
            teacher_name=e.teacher_name,
            custom_subject_name=e.custom_subject_name,
            assigned_by_id=e.assigned_by_id,
            status=e.status,
            started_at=e.started_at,
            ended_at=e.ended_at,
            price_per_period=e.price_per_period,
            currency="RUB",
            period_weeks=e.period_weeks,
            paid_until=e.paid_until,
        )


class EnrollmentPage(ResponseBody):
    items: list[EnrollmentOut]
    total: int
    limit: int
    offset: int


Money = Annotated[str, msgspec.Meta(max_length=20, pattern=r"^\d{1,7}(\.\d{1,2})?$")]


class EnrollmentCreate(RequestBody):
    student_id: UUID
    subject_id: UUID
    teacher_id: UUID
    custom_subject_name: Annotated[str, msgspec.Meta(max_length=150)] | UnsetType | None = UNSET
    price_per_period: Money | UnsetType | None = UNSET
    period_weeks: int | UnsetType = UNSET


class EnrollmentUpdate(RequestBody):
    custom_subject_name: Annotated[str, msgspec.Meta(max_length=150)] | UnsetType | None = UNSET
    price_per_period: Money | UnsetType | None = UNSET
    period_weeks: int | UnsetType = UNSET
