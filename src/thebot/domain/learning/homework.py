"""Homework: assignments a teacher sets for own enrolled students, with attachments.

What a student hands in (submissions, their versions and grades) lives in ``submissions``; it
shares the scope of what a reader may know and the rules on text defined here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.files.entities import StoredFile
from thebot.domain.files.services import FileService
from thebot.domain.learning.ports import EnrollmentRepository
from thebot.domain.notifications import notices
from thebot.domain.notifications.services import Notifier
from thebot.domain.shared.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import Clock

MAX_TEXT = 20_000
MAX_ATTACHMENTS = 10


class AssignmentStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class SubmissionStatus(StrEnum):
    SUBMITTED = "submitted"
    GRADED = "graded"
    RETURNED = "returned"


class Attachment(msgspec.Struct, frozen=True, kw_only=True):
    """A stored file as people see it next to homework (id is the stored file's id)."""

    id: UUID
    name: str
    size: int
    content_type: str

    @classmethod
    def of(cls, file: StoredFile) -> Attachment:
        return cls(
            id=file.id, name=file.original_name, size=file.size, content_type=file.content_type
        )


class AssignmentCounts(msgspec.Struct, frozen=True, kw_only=True):
    assigned: int
    submitted: int
    graded: int


class SubmissionSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A student's own submission, as shown next to the assignment."""

    id: UUID
    status: SubmissionStatus
    score: int | None
    is_late: bool
    submitted_at: datetime


class Assignment(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    author_id: UUID
    author_name: str
    subject_id: UUID
    subject_name: str
    title: str
    instructions: str | None
    due_at: datetime
    max_score: int
    status: AssignmentStatus
    published_at: datetime | None
    # Only the students the reader may know of: all for the author and the office, oneself for
    # a student, own students or children for a tutor or parent.
    student_ids: tuple[UUID, ...]
    attachments: tuple[Attachment, ...]
    # For the author and the office.
    counts: AssignmentCounts | None = None
    # For a student reader.
    own_submission: SubmissionSummary | None = None


class NewAssignment(msgspec.Struct, frozen=True, kw_only=True):
    author_id: UUID
    subject_id: UUID
    title: str
    instructions: str | None
    due_at: datetime
    max_score: int
    status: AssignmentStatus
    published_at: datetime | None
    student_ids: tuple[UUID, ...]


class AssignmentFilter(msgspec.Struct, frozen=True, kw_only=True):
    subject_id: UUID | None = None
    status: AssignmentStatus | None = None
    student_id: UUID | None = None
    due_from: datetime | None = None
    due_to: datetime | None = None


class HomeworkScope(msgspec.Struct, frozen=True, kw_only=True):
    """Who is reading, which narrows what exists for them; nothing set means the office (all).

    A teacher knows own assignments and the submissions to them; a student knows published or
    closed assignments set for them and own submissions; a tutor or parent the same for their
    students or children.
    """

    teacher_id: UUID | None = None
    student_id: UUID | None = None
    tutor_id: UUID | None = None
    parent_id: UUID | None = None

    @property
    def sees_counts(self) -> bool:
        return self.student_id is None and self.tutor_id is None and self.parent_id is None


EVERYTHING = HomeworkScope()


def scope_of(actor: Principal) -> HomeworkScope:
    return {
        Role.TEACHER: HomeworkScope(teacher_id=actor.id),
        Role.STUDENT: HomeworkScope(student_id=actor.id),
        Role.TUTOR: HomeworkScope(tutor_id=actor.id),
        Role.PARENT: HomeworkScope(parent_id=actor.id),
        Role.ADMIN: EVERYTHING,
    }[actor.role]


class FileUpload(msgspec.Struct, frozen=True, kw_only=True):
    """A file as it arrived: the name the client gave and the bytes."""

    name: str
    content: bytes


class HomeworkRepository(Protocol):
    """Assignments. Reads take a scope and raise ``NotFound`` outside it; lists cost a fixed
    number of statements whatever the page holds."""

    async def add_assignment(self, assignment: NewAssignment) -> UUID: ...

    async def get_assignment(
        self, assignment_id: UUID, scope: HomeworkScope = EVERYTHING
    ) -> Assignment: ...

    async def find_assignments(
        self, filters: AssignmentFilter, scope: HomeworkScope, page: PageRequest
    ) -> Page[Assignment]: ...

    async def update_assignment(self, assignment_id: UUID, changes: Mapping[str, Any]) -> None: ...

    async def change_students(
        self, assignment_id: UUID, add: Iterable[UUID], remove: Iterable[UUID]
    ) -> None: ...

    async def delete_assignment(self, assignment_id: UUID) -> None:
        """Removes the assignment with its students, attachment links and submissions."""
        ...

    async def add_attachment(self, assignment_id: UUID, file_id: UUID) -> None: ...

    async def remove_attachment(self, assignment_id: UUID, file_id: UUID) -> None: ...

    async def submitted_scores(self, assignment_id: UUID) -> dict[UUID, int | None]:
        """Each student who handed something in, with their current score."""
        ...


# ----- rules ---------------------------------------------------------------------------------


def clean_text(value: Any, field: str, errors: list[FieldError]) -> str | None:
    """Trimmed text of at most ``MAX_TEXT`` characters; empty means none."""
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        errors.append(FieldError(field, f"must be at most {MAX_TEXT} characters"))
    return text or None


def aware(value: datetime | None, field: str, errors: list[FieldError]) -> datetime | None:
    # A time without an offset is ambiguous across the school's time zones: refuse it.
    if value is not None and value.utcoffset() is None:
        errors.append(
            FieldError(field, "must carry a time zone offset, like 2026-12-01T18:00+03:00")
        )
    return value


def clean_assignment(values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    if "title" in values or creating:
        title = (values.get("title") or "").strip()
        if not 1 <= len(title) <= 200:
            errors.append(FieldError("title", "must be 1 to 200 characters"))
        cleaned["title"] = title
    if "instructions" in values:
        cleaned["instructions"] = clean_text(values["instructions"], "instructions", errors)
    if "due_at" in values or creating:
        due_at = values.get("due_at")
        if not isinstance(due_at, datetime):
            errors.append(FieldError("due_at", "is required"))
        else:
            cleaned["due_at"] = aware(due_at, "due_at", errors)
    if "max_score" in values:
        score = values["max_score"]
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 1000:
            errors.append(FieldError("max_score", "must be a whole number from 1 to 1000"))
        cleaned["max_score"] = score
    if "status" in values:
        try:
            cleaned["status"] = AssignmentStatus(values["status"])
        except ValueError:
            errors.append(FieldError("status", "must be draft, published or closed"))
        else:
            if creating and cleaned["status"] is AssignmentStatus.CLOSED:
                errors.append(FieldError("status", "a new assignment is a draft or published"))
    if "student_ids" in values or creating:
        ids = list(dict.fromkeys(values.get("student_ids") or ()))
        if not ids:
            errors.append(FieldError("student_ids", "choose at least one student"))
        cleaned["student_ids"] = ids
    if errors:
        raise Invalid("Some fields are not valid.", errors)
    return cleaned


# Where a status may go; staying put is always allowed.
_MOVES = {
    AssignmentStatus.DRAFT: {AssignmentStatus.PUBLISHED},
    AssignmentStatus.PUBLISHED: {AssignmentStatus.CLOSED, AssignmentStatus.DRAFT},
    AssignmentStatus.CLOSED: {AssignmentStatus.PUBLISHED, AssignmentStatus.DRAFT},
}


class HomeworkService:
    """Setting homework: create, read, change and remove assignments and their attachments."""

    def __init__(
        self,
        *,
        homework: HomeworkRepository,
        enrollments: EnrollmentRepository,
        files: FileService,
        notifier: Notifier,
        clock: Clock,
        zone: tzinfo,
    ) -> None:
        self._homework = homework
        self._enrollments = enrollments
        self._files = files
        self._notifier = notifier
        self._clock = clock
        self._zone = zone

    async def list_assignments(
        self, actor: Principal, filters: AssignmentFilter, page: PageRequest
    ) -> Page[Assignment]:
        errors: list[FieldError] = []
        aware(filters.due_from, "due_from", errors)
        aware(filters.due_to, "due_to", errors)
        if errors:
            raise Invalid("Some filters are not valid.", errors)
        return await self._homework.find_assignments(filters, scope_of(actor), page)

    async def get(self, actor: Principal, assignment_id: UUID) -> Assignment:
        return await self._homework.get_assignment(assignment_id, scope_of(actor))

    async def create(self, actor: Principal, values: Mapping[str, Any]) -> Assignment:
        if actor.role is not Role.TEACHER:
            raise Forbidden("Homework is set by teachers.")
        cleaned = clean_assignment(values, creating=True)
        subject_id: UUID = values["subject_id"]
        if not await self._enrollments.teaches(actor.id, subject_id):
            raise Invalid.field("subject_id", "you do not teach this subject")
        students = await self._own_students(actor, cleaned["student_ids"], subject_id)
        status = cleaned.get("status", AssignmentStatus.PUBLISHED)
        assignment_id = await self._homework.add_assignment(
            NewAssignment(
                author_id=actor.id,
                subject_id=subject_id,
                title=cleaned["title"],
                instructions=cleaned.get("instructions"),
                due_at=cleaned["due_at"],
                max_score=cleaned.get("max_score", 100),
                status=status,
                published_at=self._clock.now() if status is AssignmentStatus.PUBLISHED else None,
                student_ids=tuple(students),
            )
        )
        created = await self._homework.get_assignment(assignment_id, scope_of(actor))
        if created.status is AssignmentStatus.PUBLISHED:
            await self._tell_assigned(actor, created, created.student_ids)
        return created

    async def update(
        self, actor: Principal, assignment_id: UUID, values: Mapping[str, Any]
    ) -> Assignment:
        assignment = await self._authored(actor, assignment_id)
        cleaned = clean_assignment(values, creating=False)
        scores = await self._homework.submitted_scores(assignment_id)
        editable = ("title", "instructions", "due_at", "max_score")
        changes: dict[str, Any] = {k: cleaned[k] for k in editable if k in cleaned}
        if "max_score" in cleaned:
            highest = max((s for s in scores.values() if s is not None), default=None)
            if highest is not None and highest > cleaned["max_score"]:
                raise Conflict(
                    f"A submission already scored {highest}; the maximum cannot go below it."
                )
        add: set[UUID] = set()
        remove: set[UUID] = set()
        if "student_ids" in cleaned:
            wanted, current = cleaned["student_ids"], set(assignment.student_ids)
            # Only newcomers must be enrolled now: a student who stays keeps the homework
            # even if their enrollment has ended since.
            add = set(
                await self._own_students(
                    actor, [s for s in wanted if s not in current], assignment.subject_id
                )
            )
            remove = current - set(wanted)
            if remove & scores.keys():
                raise Conflict("A student who has already handed in work cannot be removed.")
        status = cleaned.get("status", assignment.status)
        if status is not assignment.status:
            if status not in _MOVES[assignment.status]:
                raise Conflict(f"A {assignment.status} assignment cannot become {status}.")
            if status is AssignmentStatus.DRAFT and scores:
                raise Conflict("Homework that students have handed in cannot go back to draft.")
            changes["status"] = status.value
            if status is AssignmentStatus.PUBLISHED and assignment.published_at is None:
                changes["published_at"] = self._clock.now()
        await self._homework.update_assignment(assignment_id, changes)
        if add or remove:
            await self._homework.change_students(assignment_id, add, remove)
        updated = await self._homework.get_assignment(assignment_id, scope_of(actor))
        if status is AssignmentStatus.PUBLISHED:
            # Out of a draft it is new to everyone set it; otherwise only to newcomers.
            drafted = assignment.status is AssignmentStatus.DRAFT
            told = [s for s in updated.student_ids if drafted or s in add]
            await self._tell_assigned(actor, updated, told)
        return updated

    async def delete(self, actor: Principal, assignment_id: UUID) -> None:
        """Remove homework nobody has handed in yet, with its attached files."""
        assignment = await self._authored(actor, assignment_id)
        if await self._homework.submitted_scores(assignment_id):
            raise Conflict("Students have handed in work for this homework; close it instead.")
        await self._homework.delete_assignment(assignment_id)
        for attachment in assignment.attachments:
            await self._files.discard(attachment.id)

    async def attach(self, actor: Principal, assignment_id: UUID, upload: FileUpload) -> Attachment:
        assignment = await self._authored(actor, assignment_id)
        if len(assignment.attachments) >= MAX_ATTACHMENTS:
            raise Conflict(f"Homework may carry at most {MAX_ATTACHMENTS} files.")
        stored = await self._files.store(actor.id, upload.name, upload.content, folder="homework")
        await self._homework.add_attachment(assignment_id, stored.id)
        return Attachment.of(stored)

    async def attachment(
        self, actor: Principal, assignment_id: UUID, file_id: UUID
    ) -> tuple[StoredFile, bytes]:
        """An attachment's bytes, for the author, the office and the assigned students (a
        student's scope already hides drafts and homework not set for them)."""
        assignment = await self._homework.get_assignment(assignment_id, scope_of(actor))
        may_read = actor.role in (Role.ADMIN, Role.STUDENT) or assignment.author_id == actor.id
        if not may_read or file_id not in {a.id for a in assignment.attachments}:
            raise NotFound("Attachment not found.")
        file = await self._files.get(file_id)
        return file, await self._files.read(file)

    async def detach(self, actor: Principal, assignment_id: UUID, file_id: UUID) -> None:
        assignment = await self._authored(actor, assignment_id)
        if file_id not in {a.id for a in assignment.attachments}:
            raise NotFound("Attachment not found.")
        await self._homework.remove_attachment(assignment_id, file_id)
        await self._files.discard(file_id)

    # ----- rules ---------------------------------------------------------------------------

    async def _tell_assigned(
        self, actor: Principal, assignment: Assignment, students: Sequence[UUID]
    ) -> None:
        notice = notices.homework_assigned(
            assignment_id=assignment.id,
            title=assignment.title,
            subject=assignment.subject_name,
            due_at=assignment.due_at,
            zone=self._zone,
        )
        await self._notifier.notify(students, notice, except_user=actor.id)

    async def _authored(self, actor: Principal, assignment_id: UUID) -> Assignment:
        assignment = await self.get(actor, assignment_id)
        if assignment.author_id != actor.id:
            raise Forbidden("Only the teacher who set this homework may change it.")
        return assignment

    async def _own_students(
        self, actor: Principal, student_ids: Sequence[UUID], subject_id: UUID
    ) -> list[UUID]:
        enrolled = await self._enrollments.enrolled_students(actor.id, student_ids, subject_id)
        strangers = [str(s) for s in student_ids if s not in enrolled]
        if strangers:
            raise Invalid.field(
                "student_ids",
                "not your actively enrolled students in this subject: " + ", ".join(strangers),
            )
        return list(student_ids)
