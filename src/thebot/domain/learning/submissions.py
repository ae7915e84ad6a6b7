"""Handing in homework and grading it: one submission per student and assignment, every
version kept, the grade and feedback on the submission."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.files.entities import StoredFile
from thebot.domain.files.services import FileService
from thebot.domain.learning.homework import (
    EVERYTHING,
    AssignmentStatus,
    Attachment,
    FileUpload,
    HomeworkRepository,
    HomeworkScope,
    SubmissionStatus,
    clean_text,
    scope_of,
)
from thebot.domain.notifications import notices
from thebot.domain.notifications.services import Notifier
from thebot.domain.shared.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import Clock


class SubmissionVersion(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    text: str | None
    file: Attachment | None
    submitted_at: datetime
    is_late: bool


class Submission(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    assignment_id: UUID
    assignment_title: str
    assignment_author_id: UUID
    subject_id: UUID
    subject_name: str
    max_score: int
    due_at: datetime
    student_id: UUID
    student_name: str
    status: SubmissionStatus
    # The latest version's: when it was handed in and whether that was after the deadline.
    is_late: bool
    submitted_at: datetime
    version: int
    score: int | None
    feedback: str | None
    graded_at: datetime | None
    graded_by_id: UUID | None
    # Loaded for one submission, not for lists.
    versions: tuple[SubmissionVersion, ...] = ()


class NewVersion(msgspec.Struct, frozen=True, kw_only=True):
    text: str | None
    file_id: UUID | None
    submitted_at: datetime
    is_late: bool


class Grade(msgspec.Struct, frozen=True, kw_only=True):
    status: SubmissionStatus
    score: int
    feedback: str | None
    graded_at: datetime
    graded_by_id: UUID


class SubmissionFilter(msgspec.Struct, frozen=True, kw_only=True):
    status: SubmissionStatus | None = None
    assignment_id: UUID | None = None
    student_id: UUID | None = None
    # The grading queue is served oldest first; other lists newest first.
    oldest_first: bool = False


class SubmissionRepository(Protocol):
    """Submissions with their versions. Reads take a scope and raise ``NotFound`` outside it;
    lists cost a fixed number of statements whatever the page holds."""

    async def submission_of(self, assignment_id: UUID, student_id: UUID) -> Submission | None: ...

    async def get_submission(
        self, submission_id: UUID, scope: HomeworkScope = EVERYTHING
    ) -> Submission:
        """The submission with its versions, oldest first."""
        ...

    async def find_submissions(
        self, filters: SubmissionFilter, scope: HomeworkScope, page: PageRequest
    ) -> Page[Submission]: ...

    async def add_submission(
        self, assignment_id: UUID, student_id: UUID, first: NewVersion
    ) -> UUID:
        """Raises ``Conflict`` when the student already has a submission to the assignment."""
        ...

    async def add_version(self, submission_id: UUID, number: int, version: NewVersion) -> None:
        """Adds version ``number`` and makes it current (status ``submitted``, no score).

        Raises ``Conflict`` unless the current version is ``number - 1`` and not graded.
        """
        ...

    async def grade(self, submission_id: UUID, grade: Grade) -> None: ...


class SubmissionService:
    def __init__(
        self,
        *,
        homework: HomeworkRepository,
        submissions: SubmissionRepository,
        files: FileService,
        notifier: Notifier,
        clock: Clock,
    ) -> None:
        self._homework = homework
        self._submissions = submissions
        self._files = files
        self._notifier = notifier
        self._clock = clock

    async def submit(
        self,
        actor: Principal,
        assignment_id: UUID,
        text: str | None,
        upload: FileUpload | None,
    ) -> Submission:
        """Hand in work: the first time makes the submission, later times add a version, until
        the work is graded. Work after the deadline is taken and marked late."""
        if actor.role is not Role.STUDENT:
            raise Forbidden("Only students hand in homework.")
        # A student's scope hides drafts and homework set for others: both are 404.
        assignment = await self._homework.get_assignment(
            assignment_id, HomeworkScope(student_id=actor.id)
        )
        if assignment.status is AssignmentStatus.CLOSED:
            raise Conflict("This homework is closed and no longer takes work.")
        errors: list[FieldError] = []
        text = clean_text(text, "text", errors)
        if errors:
            raise Invalid("Some fields are not valid.", errors)
        if text is None and upload is None:
            message = "send a text, a file, or both"
            raise Invalid(message, [FieldError("text", message), FieldError("file", message)])
        existing = await self._submissions.submission_of(assignment_id, actor.id)
        if existing is not None and existing.status is SubmissionStatus.GRADED:
            raise Conflict("This work has been graded; it cannot be handed in again.")
        now = self._clock.now()
        file_id = None
        if upload is not None:
            stored = await self._files.store(
                actor.id, upload.name, upload.content, folder="submissions"
            )
            file_id = stored.id
        version = NewVersion(
            text=text, file_id=file_id, submitted_at=now, is_late=now > assignment.due_at
        )
        if existing is None:
            submission_id = await self._submissions.add_submission(assignment_id, actor.id, version)
        else:
            submission_id = existing.id
            await self._submissions.add_version(existing.id, existing.version + 1, version)
        return await self._submissions.get_submission(submission_id)

    async def list_submissions(
        self, actor: Principal, filters: SubmissionFilter, page: PageRequest
    ) -> Page[Submission]:
        return await self._submissions.find_submissions(filters, scope_of(actor), page)

    async def get(self, actor: Principal, submission_id: UUID) -> Submission:
        return await self._submissions.get_submission(submission_id, scope_of(actor))

    async def version_file(
        self, actor: Principal, submission_id: UUID, number: int
    ) -> tuple[StoredFile, bytes]:
        """The file of one version, for the student who handed it in, the teacher and the
        school office (which settles disputes); tutors and parents see the work, not files."""
        submission = await self.get(actor, submission_id)
        readers = (submission.student_id, submission.assignment_author_id)
        if actor.role is not Role.ADMIN and actor.id not in readers:
            raise NotFound("File not found.")
        version = next((v for v in submission.versions if v.number == number), None)
        if version is None or version.file is None:
            raise NotFound("File not found.")
        file = await self._files.get(version.file.id)
        return file, await self._files.read(file)

    async def give_feedback(
        self, actor: Principal, submission_id: UUID, values: Mapping[str, Any]
    ) -> Submission:
        """Grade the work, or grade it and return it for revision; a grade may be corrected."""
        submission = await self.get(actor, submission_id)
        if submission.assignment_author_id != actor.id:
            raise Forbidden("Only the teacher who set this homework grades it.")
        errors: list[FieldError] = []
        score = values.get("score")
        if (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not 0 <= score <= submission.max_score
        ):
            errors.append(
                FieldError("score", f"must be a whole number from 0 to {submission.max_score}")
            )
        comment = clean_text(values.get("comment"), "comment", errors)
        if errors:
            raise Invalid("Some fields are not valid.", errors)
        assert isinstance(score, int)
        returned = bool(values.get("return_for_revision", False))
        await self._submissions.grade(
            submission_id,
            Grade(
                status=SubmissionStatus.RETURNED if returned else SubmissionStatus.GRADED,
                score=score,
                feedback=comment,
                graded_at=self._clock.now(),
                graded_by_id=actor.id,
            ),
        )
        graded = await self._submissions.get_submission(submission_id)
        notice = notices.homework_graded(
            assignment_id=graded.assignment_id,
            title=graded.assignment_title,
            subject=graded.subject_name,
            score=score,
            max_score=graded.max_score,
            returned=returned,
        )
        await self._notifier.notify([graded.student_id], notice, except_user=actor.id)
        return graded
