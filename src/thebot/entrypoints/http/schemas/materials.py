"""Study materials and progress on them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from thebot.domain.learning.materials import (
    MAX_CONTENT,
    MAX_DESCRIPTION,
    MAX_MINUTES_PER_RECORD,
    MAX_STUDENTS,
    MAX_TITLE,
    MAX_VIDEO_URL,
    AssignedStudent,
    Material,
    MaterialFile,
    MaterialStatus,
    MaterialType,
    Progress,
)
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TITLE)]
Description = Annotated[str, msgspec.Meta(max_length=MAX_DESCRIPTION)]
Content = Annotated[str, msgspec.Meta(max_length=MAX_CONTENT)]
VideoUrl = Annotated[str, msgspec.Meta(max_length=MAX_VIDEO_URL)]
Difficulty = Annotated[int, msgspec.Meta(ge=1, le=5)]
StudentIds = Annotated[list[UUID], msgspec.Meta(max_length=MAX_STUDENTS)]


class MaterialFileOut(ResponseBody):
    name: str
    size: int
    content_type: str

    @classmethod
    def of(cls, file: MaterialFile | None) -> MaterialFileOut | None:
        if file is None:
            return None
        return cls(name=file.name, size=file.size, content_type=file.content_type)


class ProgressOut(ResponseBody):
    progress_percentage: int
    time_spent_minutes: int
    started_at: datetime
    completed_at: datetime | None
    last_accessed_at: datetime

    @classmethod
    def of(cls, progress: Progress) -> ProgressOut:
        return cls(
            progress_percentage=progress.progress_percentage,
            time_spent_minutes=progress.time_spent_minutes,
            started_at=progress.started_at,
            completed_at=progress.completed_at,
            last_accessed_at=progress.last_accessed_at,
        )


class AssignedStudentOut(ResponseBody):
    id: UUID
    name: str
    progress: ProgressOut | None

    @classmethod
    def of(cls, student: AssignedStudent) -> AssignedStudentOut:
        return cls(id=student.id, name=student.name, progress=_progress(student.progress))


class MaterialOut(ResponseBody):
    """A material in a list. Counts are given to its author and the office only; ``progress``
    is the asking student's own."""

    id: UUID
    title: str
    description: str | None
    subject_id: UUID
    subject_name: str
    type: MaterialType
    status: MaterialStatus
    author_id: UUID
    author_name: str
    difficulty: int | None
    video_url: str | None
    file: MaterialFileOut | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    assigned_count: int | None
    completed_count: int | None
    progress: ProgressOut | None

    @classmethod
    def of(cls, m: Material) -> MaterialOut:
        return cls(**_common(m))


class MaterialDetailOut(MaterialOut):
    """One material with its content; its author and the office also get ``students``."""

    content: str | None
    students: list[AssignedStudentOut] | None

    @classmethod
    def of(cls, m: Material) -> MaterialDetailOut:
        students = None if m.students is None else [AssignedStudentOut.of(s) for s in m.students]
        return cls(**_common(m), content=m.content, students=students)


def _common(m: Material) -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "description": m.description,
        "subject_id": m.subject_id,
        "subject_name": m.subject_name,
        "type": m.type,
        "status": m.status,
        "author_id": m.author_id,
        "author_name": m.author_name,
        "difficulty": m.difficulty,
        "video_url": m.video_url,
        "file": MaterialFileOut.of(m.file),
        "published_at": m.published_at,
        "created_at": m.created_at,
        "updated_at": m.updated_at,
        "assigned_count": m.assigned_count,
        "completed_count": m.completed_count,
        "progress": _progress(m.progress),
    }


def _progress(progress: Progress | None) -> ProgressOut | None:
    return None if progress is None else ProgressOut.of(progress)


class MaterialPage(ResponseBody):
    items: list[MaterialOut]
    total: int
    limit: int
    offset: int


class MaterialCreate(RequestBody):
    title: Title
    subject_id: UUID
    type: MaterialType
    description: Description | None = None
    content: Content | None = None
    status: MaterialStatus = MaterialStatus.DRAFT
    video_url: VideoUrl | None = None
    difficulty: Difficulty | None = None
    student_ids: StudentIds | UnsetType = UNSET


class MaterialUpdate(RequestBody):
    title: Title | UnsetType = UNSET
    subject_id: UUID | UnsetType = UNSET
    type: MaterialType | UnsetType = UNSET
    description: Description | UnsetType | None = UNSET
    content: Content | UnsetType | None = UNSET
    status: MaterialStatus | UnsetType = UNSET
    video_url: VideoUrl | UnsetType | None = UNSET
    difficulty: Difficulty | UnsetType | None = UNSET
    student_ids: StudentIds | UnsetType = UNSET


class ProgressRecord(RequestBody):
    """``progress_percentage`` replaces the last one; ``time_spent_minutes`` is added up."""

    progress_percentage: Annotated[int, msgspec.Meta(ge=0, le=100)]
    time_spent_minutes: Annotated[int, msgspec.Meta(ge=0, le=MAX_MINUTES_PER_RECORD)] = 0
