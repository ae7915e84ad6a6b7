"""Homework: assignments, the students they are set for, their attachments, and submissions
with every version a student handed in."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import DefaultBase, UUIDv7AuditBase
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column


class AssignmentModel(UUIDv7AuditBase):
    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'closed')", name="status_known"),
        CheckConstraint("max_score BETWEEN 1 AND 1000", name="max_score_range"),
        Index("ix_assignments_author_status", "author_id", "status"),
    )

    author_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    subject_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("subjects.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str | None] = mapped_column(Text, default=None)
    due_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
    max_score: Mapped[int] = mapped_column(Integer, default=100)
    status: Mapped[str] = mapped_column(String(16), default="published")
    published_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class AssignmentStudentModel(DefaultBase):
    __tablename__ = "assignment_students"

    assignment_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True
    )
    student_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AssignmentAttachmentModel(DefaultBase):
    __tablename__ = "assignment_attachments"

    assignment_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True
    )
    file_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("stored_files.id", ondelete="CASCADE"), primary_key=True
    )


class SubmissionModel(UUIDv7AuditBase):
    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("assignment_id", "student_id"),
        CheckConstraint("status IN ('submitted', 'graded', 'returned')", name="status_known"),
        CheckConstraint("score IS NULL OR score >= 0", name="score_positive"),
        Index("ix_submissions_status_submitted", "status", "submitted_at"),
    )

    assignment_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("assignments.id", ondelete="CASCADE")
    )
    student_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    score: Mapped[int | None] = mapped_column(Integer, default=None)
    feedback: Mapped[str | None] = mapped_column(Text, default=None)
    graded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    graded_by_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL"), default=None
    )


class SubmissionVersionModel(UUIDv7AuditBase):
    __tablename__ = "submission_versions"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    submission_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("submissions.id", ondelete="CASCADE")
    )
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text, default=None)
    file_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("stored_files.id", ondelete="SET NULL"), default=None
    )
    submitted_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
