"""What scheduling needs from storage."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from thebot.domain.scheduling.entities import (
    HistoryEntry,
    Lesson,
    LessonQuery,
    NewLesson,
)
from thebot.domain.shared.pagination import Page, PageRequest


class LessonRepository(Protocol):
    async def get(self, lesson_id: UUID) -> Lesson | None: ...

    async def find(self, query: LessonQuery, page: PageRequest) -> Page[Lesson]:
        """Ordered by start time; one statement whatever the number of lessons."""
        ...

    async def has_active_enrollment(
        self, teacher_id: UUID, student_id: UUID, subject_id: UUID
    ) -> bool: ...

    async def overlapping(
        self,
        teacher_id: UUID,
        student_id: UUID,
        start_at: datetime,
        end_at: datetime,
        *,
        exclude: UUID | None = None,
    ) -> Lesson | None:
        """A scheduled lesson of the teacher or the student that overlaps the period."""
        ...

    async def add(self, lesson: NewLesson) -> Lesson: ...

    async def update(self, lesson_id: UUID, changes: Mapping[str, Any]) -> Lesson: ...

    async def record(
        self,
        lesson_id: UUID,
        action: str,
        actor_id: UUID,
        at: datetime,
        changes: Mapping[str, Any],
    ) -> None: ...

    async def history(self, lesson_id: UUID) -> list[HistoryEntry]: ...
