"""Lessons and their history."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

import msgspec


class LessonStatus(StrEnum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Named(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str


class Lesson(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    teacher: Named
    student: Named
    subject: Named
    start_at: datetime
    end_at: datetime
    description: str | None
    meeting_url: str | None
    status: LessonStatus
    cancel_reason: str | None
    created_by_id: UUID | None
    updated_by_id: UUID | None
    created_at: datetime
    updated_at: datetime
    # Read along for the rules: who else may see the lesson.
    tutor_id: UUID | None
    parent_id: UUID | None


class LessonTimes(msgspec.Struct, frozen=True, kw_only=True):
    """What the timing rules look at: the lesson as it would be after the change."""

    teacher_id: UUID
    student_id: UUID
    subject_id: UUID
    start_at: datetime
    end_at: datetime


class NewLesson(msgspec.Struct, frozen=True, kw_only=True):
    teacher_id: UUID
    student_id: UUID
    subject_id: UUID
    start_at: datetime
    end_at: datetime
    description: str | None
    meeting_url: str | None
    created_by_id: UUID
    created_at: datetime


class LessonQuery(msgspec.Struct, frozen=True, kw_only=True):
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    student_id: UUID | None = None
    teacher_id: UUID | None = None
    status: LessonStatus | None = None
    # Set by the service from the actor, never by the client.
    visible_to_student: UUID | None = None
    visible_to_teacher: UUID | None = None
    visible_to_tutor: UUID | None = None
    visible_to_parent: UUID | None = None


class HistoryEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    action: str
    actor: Named | None
    at: datetime
    changes: dict[str, Any]
