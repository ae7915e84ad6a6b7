"""Homework: assignments, attachments, submissions and feedback."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from thebot.domain.learning.homework import (
    MAX_TEXT,
    Assignment,
    AssignmentStatus,
    Attachment,
    SubmissionStatus,
)
from thebot.domain.learning.submissions import Submission
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody

Title = Annotated[str, msgspec.Meta(max_length=200)]
LongText = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
# A generous bound on one request, far above any class, so a body cannot grow without limit.
StudentIds = Annotated[list[UUID], msgspec.Meta(max_length=500)]


class SubmissionQueue(StrEnum):
    """The ``status`` filter of submission lists: ``pending`` is work waiting for a grade."""

    PENDING = "pending"
    GRADED = "graded"
    RETURNED = "returned"


class AttachmentOut(ResponseBody):
    id: UUID
    name: str
    size: int
    content_type: str

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentOut:
        return cls(
            id=attachment.id,
            name=attachment.name,
            size=attachment.size,
            content_type=attachment.content_type,
        )


class AssignmentCountsOut(ResponseBody):
    assigned: int
    submitted: int
    graded: int


class OwnSubmissionOut(ResponseBody):
    id: UUID
    status: SubmissionStatus
    score: int | None
    is_late: bool
    submitted_at: datetime


class AssignmentOut(ResponseBody):
    id: UUID
    title: str
    instructions: str | None
    subject_id: UUID
    subject_name: str
    author_id: UUID
    author_name: str
    due_at: datetime
    max_score: int
    status: AssignmentStatus
    published_at: datetime | None
    student_ids: list[UUID]
    attachments: list[AttachmentOut]
    counts: AssignmentCountsOut | None
    own_submission: OwnSubmissionOut | None

    @classmethod
    def of(cls, a: Assignment) -> AssignmentOut:
        own = a.own_submission
        return cls(
            id=a.id,
            title=a.title,
            instructions=a.instructions,
            subject_id=a.subject_id,
            subject_name=a.subject_name,
            author_id=a.author_id,
            author_name=a.author_name,
            due_at=a.due_at,
            max_score=a.max_score,
            status=a.status,
            published_at=a.published_at,
            student_ids=list(a.student_ids),
            attachments=[AttachmentOut.of(f) for f in a.attachments],
            counts=(
                AssignmentCountsOut(
                    assigned=a.counts.assigned,
                    submitted=a.counts.submitted,
                    graded=a.counts.graded,
                )
                if a.counts
                else None
            ),
            own_submission=(
                OwnSubmissionOut(
                    id=own.id,
                    status=own.status,
                    score=own.score,
                    is_late=own.is_late,
                    submitted_at=own.submitted_at,
                )
                if own
                else None
            ),
        )


class AssignmentPage(ResponseBody):
    items: list[AssignmentOut]
    total: int
    limit: int
    offset: int


class AssignmentCreate(RequestBody):
    title: Title
    subject_id: UUID
    # Checked in the domain, so that a time without an offset is refused by name.
    due_at: datetime
    student_ids: StudentIds
    instructions: LongText | None = None
    max_score: int | UnsetType = UNSET
    status: AssignmentStatus | UnsetType = UNSET


class AssignmentUpdate(RequestBody):
    title: Title | UnsetType = UNSET
    instructions: LongText | UnsetType | None = UNSET
    due_at: datetime | UnsetType = UNSET
    max_score: int | UnsetType = UNSET
    student_ids: StudentIds | UnsetType = UNSET
    status: AssignmentStatus | UnsetType = UNSET


class SubmissionVersionOut(ResponseBody):
    number: int
    text: str | None
    file: AttachmentOut | None
    submitted_at: datetime
    is_late: bool


class SubmissionOut(ResponseBody):
    id: UUID
    assignment_id: UUID
    assignment_title: str
    subject_id: UUID
    subject_name: str
    student_id: UUID
    student_name: str
    status: SubmissionStatus
    is_late: bool
    submitted_at: datetime
    version: int
    score: int | None
    max_score: int
    feedback: str | None
    graded_at: datetime | None
    graded_by_id: UUID | None

    @classmethod
    def of(cls, s: Submission) -> SubmissionOut:
        return SubmissionOut(
            id=s.id,
            assignment_id=s.assignment_id,
            assignment_title=s.assignment_title,
            subject_id=s.subject_id,
            subject_name=s.subject_name,
            student_id=s.student_id,
            student_name=s.student_name,
            status=s.status,
            is_late=s.is_late,
            submitted_at=s.submitted_at,
            version=s.version,
            score=s.score,
            max_score=s.max_score,
            feedback=s.feedback,
            graded_at=s.graded_at,
            graded_by_id=s.graded_by_id,
        )


class SubmissionDetailOut(SubmissionOut):
    """A submission with every version handed in, oldest first."""

    versions: list[SubmissionVersionOut]

    @classmethod
    def of(cls, s: Submission) -> SubmissionDetailOut:
        return SubmissionDetailOut(
            **msgspec.structs.asdict(SubmissionOut.of(s)),
            versions=[
                SubmissionVersionOut(
                    number=v.number,
                    text=v.text,
                    file=AttachmentOut.of(v.file) if v.file else None,
                    submitted_at=v.submitted_at,
                    is_late=v.is_late,
                )
                for v in s.versions
            ],
        )


class SubmissionPage(ResponseBody):
    items: list[SubmissionOut]
    total: int
    limit: int
    offset: int


class FeedbackIn(RequestBody):
    score: int
    comment: LongText | None = None
    return_for_revision: bool = False
