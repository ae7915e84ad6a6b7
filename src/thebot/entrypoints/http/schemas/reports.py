"""Progress reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from thebot.domain.accounts.entities import Role
from thebot.domain.learning.reports import Report, ReportStatus
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody

LongText = Annotated[str, msgspec.Meta(max_length=20_000)]
Percent = Annotated[int, msgspec.Meta(ge=0, le=100)]
RecipientName = Literal["tutor", "parent"]


class RecipientOut(ResponseBody):
    user_id: UUID
    name: str
    role: Role
    read_at: datetime | None


class ReportOut(ResponseBody):
    id: UUID
    author_id: UUID
    author_name: str
    author_role: Role
    student_id: UUID
    student_name: str
    subject_id: UUID | None
    subject_name: str | None
    period_start: date
    period_end: date
    title: str
    summary: str | None
    achievements: str | None
    concerns: str | None
    recommendations: str | None
    progress_percentage: int | None
    attendance_percentage: int | None
    status: ReportStatus
    sent_at: datetime | None
    created_at: datetime
    updated_at: datetime
    recipients: list[RecipientOut]
    # For a recipient: when they read it (null while unread); absent for everyone else.
    read_at: datetime | UnsetType | None = UNSET
    is_unread: bool | UnsetType = UNSET

    @classmethod
    def of(cls, report: Report, viewer_id: UUID) -> ReportOut:
        mine = next((r for r in report.recipients if r.user_id == viewer_id), None)
        return cls(
            id=report.id,
            author_id=report.author_id,
            author_name=report.author_name,
            author_role=report.author_role,
            student_id=report.student_id,
            student_name=report.student_name,
            subject_id=report.subject_id,
            subject_name=report.subject_name,
            period_start=report.period_start,
            period_end=report.period_end,
            title=report.title,
            summary=report.summary,
            achievements=report.achievements,
            concerns=report.concerns,
            recommendations=report.recommendations,
            progress_percentage=report.progress_percentage,
            attendance_percentage=report.attendance_percentage,
            status=report.status,
            sent_at=report.sent_at,
            created_at=report.created_at,
            updated_at=report.updated_at,
            recipients=[
                RecipientOut(user_id=r.user_id, name=r.name, role=r.role, read_at=r.read_at)
                for r in report.recipients
            ],
            read_at=mine.read_at if mine else UNSET,
            is_unread=(mine.read_at is None) if mine else UNSET,
        )


class ReportPageOut(ResponseBody):
    items: list[ReportOut]
    total: int
    limit: int
    offset: int
    unread_count: int


class ReportCreate(RequestBody):
    student_id: UUID
    period_start: date
    period_end: date
    title: Annotated[str, msgspec.Meta(max_length=200)]
    subject_id: UUID | None = None
    summary: LongText | None = None
    achievements: LongText | None = None
    concerns: LongText | None = None
    recommendations: LongText | None = None
    progress_percentage: Percent | None = None
    attendance_percentage: Percent | None = None
    # Default: everyone the author may write to (a teacher: tutor and parent; a tutor: parent).
    recipients: Annotated[list[RecipientName], msgspec.Meta(max_length=2)] | None = None
    send: bool = False


class ReportUpdate(RequestBody):
    period_start: date | UnsetType = UNSET
    period_end: date | UnsetType = UNSET
    title: Annotated[str, msgspec.Meta(max_length=200)] | UnsetType = UNSET
    subject_id: UUID | UnsetType | None = UNSET
    summary: LongText | UnsetType | None = UNSET
    achievements: LongText | UnsetType | None = UNSET
    concerns: LongText | UnsetType | None = UNSET
    recommendations: LongText | UnsetType | None = UNSET
    progress_percentage: Percent | UnsetType | None = UNSET
    attendance_percentage: Percent | UnsetType | None = UNSET
    recipients: (
        Annotated[list[RecipientName], msgspec.Meta(min_length=1, max_length=2)] | UnsetType
    ) = UNSET
