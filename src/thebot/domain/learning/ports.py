"""What the learning services need from storage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol
from uuid import UUID

from thebot.domain.learning.entities import (
    Enrollment,
    EnrollmentQuery,
    NewEnrollment,
    Subject,
    SubjectTeacher,
)
from thebot.domain.shared.pagination import Page, PageRequest


class SubjectRepository(Protocol):
    async def list_all(self) -> list[Subject]: ...

    async def get(self, subject_id: UUID) -> Subject:
        """The subject; raises ``NotFound``."""
        ...

    async def add(self, name: str, description: str | None, color: str) -> Subject:
        """Raises ``Conflict`` when the name is taken."""
        ...

    async def update(self, subject_id: UUID, changes: Mapping[str, Any]) -> Subject: ...

    async def delete(self, subject_id: UUID) -> None:
        """Raises ``Conflict`` while enrollments, materials or homework use the subject."""
        ...

    async def teachers_of(self, subject_id: UUID) -> list[SubjectTeacher]:
        """The active teachers who teach the subject, by name."""
        ...


class EnrollmentRepository(Protocol):
    async def add(self, enrollment: NewEnrollment) -> Enrollment:
        """Raises ``Conflict`` when the same active enrollment exists."""
        ...

    async def get(self, enrollment_id: UUID) -> Enrollment: ...

    async def find(self, query: EnrollmentQuery, page: PageRequest) -> Page[Enrollment]: ...

    async def update(self, enrollment_id: UUID, changes: Mapping[str, Any]) -> Enrollment: ...

    async def teaches(self, teacher_id: UUID, subject_id: UUID) -> bool:
        """True when the teacher actively teaches the subject (TeacherSubject)."""
        ...

    async def enrolled_students(
        self, teacher_id: UUID, student_ids: Iterable[UUID], subject_id: UUID | None = None
    ) -> set[UUID]:
        """Those of ``student_ids`` with an active enrollment with the teacher (in the subject)."""
        ...


class EnrollmentHook(Protocol):
    """Told about enrollments in the transaction that makes them (the forum makes its chats).

    Subscribers are wired explicitly in the composition root; there are no ORM signals.
    """

    async def enrolled(self, enrollment: Enrollment) -> None: ...

    async def ended(self, enrollment: Enrollment) -> None: ...
