"""Lessons, their history, and personal calendar feed tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDv7AuditBase, UUIDv7Base
from advanced_alchemy.types import GUID, DateTimeUTC, JsonB
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

LESSON_STATUSES = ("scheduled", "completed", "cancelled")
HISTORY_ACTIONS = ("created", "updated", "cancelled", "completed")


class LessonModel(UUIDv7AuditBase):
    __tablename__ = "lessons"
    __table_args__ = (
        CheckConstraint(f"status IN {LESSON_STATUSES!r}", name="status_known"),
        CheckConstraint("start_at < end_at", name="starts_before_it_ends"),
        # Period filters and overlap checks read these ranges.
        Index("ix_lessons_teacher_start", "teacher_id", "start_at"),
        Index("ix_lessons_student_start", "student_id", "start_at"),
        Index("ix_lessons_start_at", "start_at"),
        # An enrollment's next lesson (the dashboards): one probe, already in order.
        Index(
            "ix_lessons_next_scheduled",
            "student_id",
            "teacher_id",
            "subject_id",
            "start_at",
            "id",
            postgresql_where=text("status = 'scheduled'"),
            sqlite_where=text("status = 'scheduled'"),
        ),
    )

    teacher_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    student_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    subject_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("subjects.id", ondelete="RESTRICT"), index=True
    )
    start_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    end_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    meeting_url: Mapped[str | None] = mapped_column(String(500), default=None)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    cancel_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    created_by_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    updated_by_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL"), default=None
    )


class LessonHistoryModel(UUIDv7Base):
    __tablename__ = "lesson_history"
    __table_args__ = (
        CheckConstraint(f"action IN {HISTORY_ACTIONS!r}", name="action_known"),
        Index("ix_lesson_history_lesson_at", "lesson_id", "at"),
    )

    lesson_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("lessons.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    # {field: [old, new]} with JSON-ready values (ISO times, strings).
    changes: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)


class CalendarFeedModel(UUIDv7Base):
    """A user's feed generation: feed tokens are signed over (user, generation), so nothing
    secret is stored, and rotating (generation + 1) makes every earlier URL stop working."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    generation: Mapped[int] = mapped_column(Integer, default=1)
    rotated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
