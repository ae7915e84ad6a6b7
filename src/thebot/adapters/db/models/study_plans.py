"""Weekly study plans for one student in one subject, and the files attached to them."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from advanced_alchemy.base import DefaultBase, UUIDv7AuditBase
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class StudyPlanModel(UUIDv7AuditBase):
    __tablename__ = "study_plans"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'sent')", name="status_known"),
        # One plan per student, subject and week, whoever teaches it.
        UniqueConstraint("student_id", "subject_id", "week_start"),
        # A teacher's own list; readers' lists go by student (the unique key's first column).
        Index("ix_study_plans_author_week", "author_id", "week_start"),
        Index("ix_study_plans_status_week", "status", "week_start"),
    )

    author_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    student_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    subject_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("subjects.id", ondelete="RESTRICT"), index=True
    )
    # The enrollment the plan was written under; it goes with the enrollment.
    enrollment_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("enrollments.id", ondelete="CASCADE"), index=True
    )
    week_start: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    sent_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class StudyPlanFileModel(DefaultBase):
    __tablename__ = "study_plan_files"

    plan_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("study_plans.id", ondelete="CASCADE"), primary_key=True
    )
    file_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("stored_files.id", ondelete="CASCADE"), primary_key=True
    )
