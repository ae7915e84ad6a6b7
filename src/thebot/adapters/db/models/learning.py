"""Subjects, who teaches them, and enrollments: the centre of the school's work."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from advanced_alchemy.base import UUIDv7AuditBase
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column


class SubjectModel(UUIDv7AuditBase):
    __tablename__ = "subjects"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    color: Mapped[str] = mapped_column(String(7), default="#4F46E5")


class TeacherSubjectModel(UUIDv7AuditBase):
    __tablename__ = "teacher_subjects"
    __table_args__ = (UniqueConstraint("teacher_id", "subject_id"),)

    teacher_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    subject_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("subjects.id", ondelete="CASCADE"), index=True
    )
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class EnrollmentModel(UUIDv7AuditBase):
    __tablename__ = "enrollments"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'ended')", name="status_known"),
        CheckConstraint("period_weeks BETWEEN 1 AND 52", name="period_range"),
        CheckConstraint("price_per_period IS NULL OR price_per_period >= 0", name="price_positive"),
        # One active enrollment per student, subject and teacher; ended ones are history.
        Index(
            "uq_enrollments_active",
            "student_id",
            "subject_id",
            "teacher_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
            sqlite_where=text("status = 'active'"),
        ),
        Index("ix_enrollments_teacher_status", "teacher_id", "status"),
        Index("ix_enrollments_student_status", "student_id", "status"),
    )

    student_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    subject_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("subjects.id", ondelete="RESTRICT"), index=True
    )
    teacher_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="RESTRICT"))
    custom_subject_name: Mapped[str | None] = mapped_column(String(150), default=None)
    assigned_by_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    status: Mapped[str] = mapped_column(String(16), default="active")
    started_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    price_per_period: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), default=None)
    period_weeks: Mapped[int] = mapped_column(Integer, default=4)
    paid_until: Mapped[date | None] = mapped_column(Date, default=None)
