"""Study materials, who they are assigned to, and each student's progress on them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import DefaultBase, UUIDv7AuditBase
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

MATERIAL_TYPES = ("lesson", "theory", "practice", "test", "video", "document", "homework")


class MaterialModel(UUIDv7AuditBase):
    __tablename__ = "materials"
    __table_args__ = (
        CheckConstraint(f"type IN {MATERIAL_TYPES!r}", name="type_known"),
        CheckConstraint("status IN ('draft', 'active', 'archived')", name="status_known"),
        CheckConstraint(
            "difficulty IS NULL OR difficulty BETWEEN 1 AND 5", name="difficulty_range"
        ),
        Index("ix_materials_author_status", "author_id", "status"),
    )

    author_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    subject_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("subjects.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    content: Mapped[str | None] = mapped_column(Text, default=None)
    type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    file_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("stored_files.id", ondelete="SET NULL"), default=None
    )
    video_url: Mapped[str | None] = mapped_column(String(500), default=None)
    difficulty: Mapped[int | None] = mapped_column(Integer, default=None)
    published_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class MaterialAssignmentModel(DefaultBase):
    __tablename__ = "material_assignments"

    material_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("materials.id", ondelete="CASCADE"), primary_key=True
    )
    student_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class MaterialProgressModel(UUIDv7AuditBase):
    __tablename__ = "material_progress"
    __table_args__ = (
        UniqueConstraint("material_id", "student_id"),
        CheckConstraint("progress_percentage BETWEEN 0 AND 100", name="percentage_range"),
        CheckConstraint("time_spent_minutes >= 0", name="time_positive"),
    )

    material_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("materials.id", ondelete="CASCADE"))
    student_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    progress_percentage: Mapped[int] = mapped_column(Integer, default=0)
    time_spent_minutes: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    last_accessed_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class SubjectProgressModel(DefaultBase):
    """Each student's progress in a subject, kept in step with the three tables above.

    ``assigned`` counts the student's assigned active materials of the subject and
    ``progress_total`` sums the student's progress percentages on them, so the average is
    ``progress_total / assigned``. Dashboards read these few rows instead of aggregating every
    assignment of every student; ``repositories/subject_progress.py`` keeps them exact. (No
    CHECK on the counts: a take-out is an upsert of negative figures, and databases check the
    proposed row before they find the conflict.)
    """

    __tablename__ = "subject_progress"

    student_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    subject_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True
    )
    assigned: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
