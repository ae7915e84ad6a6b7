"""Lessons."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from thebot.domain.scheduling.entities import HistoryEntry, Lesson, LessonStatus, Named
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody

Text = Annotated[str, msgspec.Meta(max_length=5000)]


class NamedOut(ResponseBody):
    id: UUID
    name: str

    @classmethod
    def of(cls, named: Named) -> NamedOut:
        return cls(id=named.id, name=named.name)


class LessonOut(ResponseBody):
    id: UUID
    teacher: NamedOut
    student: NamedOut
    subject: NamedOut
    start_at: datetime
    end_at: datetime
    # The same moments in the school's time zone, for display.
    local_start: datetime
    local_end: datetime
    timezone: str
    duration_minutes: int
    description: str | None
    meeting_url: str | None
    status: LessonStatus
    cancel_reason: str | None
    created_by_id: UUID | None
    updated_by_id: UUID | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, lesson: Lesson, zone: tzinfo, zone_name: str) -> LessonOut:
        return cls(
            id=lesson.id,
            teacher=NamedOut.of(lesson.teacher),
            student=NamedOut.of(lesson.student),
            subject=NamedOut.of(lesson.subject),
            start_at=lesson.start_at,
            end_at=lesson.end_at,
            local_start=lesson.start_at.astimezone(zone),
            local_end=lesson.end_at.astimezone(zone),
            timezone=zone_name,
            duration_minutes=int((lesson.end_at - lesson.start_at).total_seconds() // 60),
            description=lesson.description,
            meeting_url=lesson.meeting_url,
            status=lesson.status,
            cancel_reason=lesson.cancel_reason,
            created_by_id=lesson.created_by_id,
            updated_by_id=lesson.updated_by_id,
            created_at=lesson.created_at,
            updated_at=lesson.updated_at,
        )


class LessonPageOut(ResponseBody):
    items: list[LessonOut]
    total: int
    limit: int
    offset: int


class LessonCreate(RequestBody):
    student_id: UUID
    subject_id: UUID
    start_at: datetime
    end_at: datetime
    description: Text | None = None
    meeting_url: Text | None = None


class LessonUpdate(RequestBody):
    start_at: datetime | UnsetType = UNSET
    end_at: datetime | UnsetType = UNSET
    description: Text | UnsetType | None = UNSET
    meeting_url: Text | UnsetType | None = UNSET


class HistoryOut(ResponseBody):
    id: UUID
    action: str
    actor: NamedOut | None
    at: datetime
    # {field: [old, new]}
    changes: dict[str, Any]

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryOut:
        return cls(
            id=entry.id,
            action=entry.action,
            actor=NamedOut.of(entry.actor) if entry.actor else None,
            at=entry.at,
            changes=entry.changes,
        )
