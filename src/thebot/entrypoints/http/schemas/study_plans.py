"""Weekly study plans and their files."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from thebot.domain.learning.study_plans import (
    MAX_CONTENT,
    MAX_TITLE,
    StudyPlan,
    StudyPlanStatus,
)
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody
from thebot.entrypoints.http.schemas.homework import AttachmentOut

Title = Annotated[str, msgspec.Meta(max_length=MAX_TITLE)]
Content = Annotated[str, msgspec.Meta(max_length=MAX_CONTENT)]


class StudyPlanOut(ResponseBody):
    id: UUID
    author_id: UUID
    author_name: str
    student_id: UUID
    student_name: str
    subject_id: UUID
    subject_name: str
    enrollment_id: UUID
    week_start: date
    week_end: date
    title: str
    content: str
    status: StudyPlanStatus
    sent_at: datetime | None
    files: list[AttachmentOut]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, plan: StudyPlan) -> StudyPlanOut:
        return cls(
            id=plan.id,
            author_id=plan.author_id,
            author_name=plan.author_name,
            student_id=plan.student_id,
            student_name=plan.student_name,
            subject_id=plan.subject_id,
            subject_name=plan.subject_name,
            enrollment_id=plan.enrollment_id,
            week_start=plan.week_start,
            week_end=plan.week_end,
            title=plan.title,
            content=plan.content,
            status=plan.status,
            sent_at=plan.sent_at,
            files=[AttachmentOut.of(f) for f in plan.files],
            created_at=plan.created_at,
            updated_at=plan.updated_at,
        )


class StudyPlanPage(ResponseBody):
    items: list[StudyPlanOut]
    total: int
    limit: int
    offset: int


class StudyPlanCreate(RequestBody):
    student_id: UUID
    subject_id: UUID
    # The Monday of the week, as a date (checked to be a Monday by the domain).
    week_start: date
    title: Title
    content: Content = ""


class StudyPlanUpdate(RequestBody):
    title: Title | UnsetType = UNSET
    content: Content | UnsetType = UNSET
    week_start: date | UnsetType = UNSET
