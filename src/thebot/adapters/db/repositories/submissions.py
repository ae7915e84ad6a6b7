"""Submissions with every version handed in.

A list costs two statements (the count and the page); one submission two (it and its versions).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import (
    AssignmentModel,
    StoredFileModel,
    StudentProfileModel,
    SubjectModel,
    SubmissionModel,
    SubmissionVersionModel,
    UserModel,
)
from thebot.adapters.db.repositories.homework import attachment_of, family_link
from thebot.domain.learning.homework import EVERYTHING, HomeworkScope, SubmissionStatus
from thebot.domain.learning.submissions import (
    Grade,
    NewVersion,
    Submission,
    SubmissionFilter,
    SubmissionVersion,
)
from thebot.domain.shared.errors import Conflict, NotFound
from thebot.domain.shared.pagination import Page, PageRequest

_student = aliased(UserModel)
_GRADED = SubmissionStatus.GRADED.value


def _submission_rows() -> Select[Any]:
    return (
        select(
            SubmissionModel,
            AssignmentModel,
            SubjectModel.name,
            _student.full_name,
        )
        .join(AssignmentModel, AssignmentModel.id == SubmissionModel.assignment_id)
        .join(SubjectModel, SubjectModel.id == AssignmentModel.subject_id)
        .join(_student, _student.id == SubmissionModel.student_id)
        .execution_options(populate_existing=True)
    )


def _submission_scope(scope: HomeworkScope) -> list[Any]:
    if scope.teacher_id is not None:
        return [AssignmentModel.author_id == scope.teacher_id]
    if scope.student_id is not None:
        return [SubmissionModel.student_id == scope.student_id]
    if scope.tutor_id is not None or scope.parent_id is not None:
        return [
            exists().where(
                StudentProfileModel.user_id == SubmissionModel.student_id, family_link(scope)
            )
        ]
    return []


def _submission_filters(filters: SubmissionFilter) -> list[Any]:
    conditions: list[Any] = []
    if filters.status is not None:
        conditions.append(SubmissionModel.status == filters.status.value)
    if filters.assignment_id is not None:
        conditions.append(SubmissionModel.assignment_id == filters.assignment_id)
    if filters.student_id is not None:
        conditions.append(SubmissionModel.student_id == filters.student_id)
    return conditions


def _to_submission(row: Any, versions: Sequence[SubmissionVersion] = ()) -> Submission:
    model, assignment, subject_name, student_name = row
    return Submission(
        id=model.id,
        assignment_id=assignment.id,
        assignment_title=assignment.title,
        assignment_author_id=assignment.author_id,
        subject_id=assignment.subject_id,
        subject_name=subject_name,
        max_score=assignment.max_score,
        due_at=assignment.due_at,
        student_id=model.student_id,
        student_name=student_name,
        status=SubmissionStatus(model.status),
        is_late=model.is_late,
        submitted_at=model.submitted_at,
        version=model.version,
        score=model.score,
        feedback=model.feedback,
        graded_at=model.graded_at,
        graded_by_id=model.graded_by_id,
        versions=tuple(versions),
    )


class SqlSubmissionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def submission_of(self, assignment_id: UUID, student_id: UUID) -> Submission | None:
        row = (
            await self._session.execute(
                _submission_rows().where(
                    SubmissionModel.assignment_id == assignment_id,
                    SubmissionModel.student_id == student_id,
                )
            )
        ).one_or_none()
        return _to_submission(row) if row is not None else None

    async def get_submission(
        self, submission_id: UUID, scope: HomeworkScope = EVERYTHING
    ) -> Submission:
        row = (
            await self._session.execute(
                _submission_rows().where(
                    SubmissionModel.id == submission_id, *_submission_scope(scope)
                )
            )
        ).one_or_none()
        if row is None:
            raise NotFound("Submission not found.")
        versions = [
            SubmissionVersion(
                number=version.number,
                text=version.text,
                file=attachment_of(file) if file is not None else None,
                submitted_at=version.submitted_at,
                is_late=version.is_late,
            )
            for version, file in await self._session.execute(
                select(SubmissionVersionModel, StoredFileModel)
                .outerjoin(StoredFileModel, StoredFileModel.id == SubmissionVersionModel.file_id)
                .where(SubmissionVersionModel.submission_id == submission_id)
                .order_by(SubmissionVersionModel.number)
                .execution_options(populate_existing=True)
            )
        ]
        return _to_submission(row, versions)

    async def find_submissions(
        self, filters: SubmissionFilter, scope: HomeworkScope, page: PageRequest
    ) -> Page[Submission]:
        conditions = [*_submission_scope(scope), *_submission_filters(filters)]
        total = await self._session.scalar(
            select(func.count())
            .select_from(SubmissionModel)
            .join(AssignmentModel, AssignmentModel.id == SubmissionModel.assignment_id)
            .where(*conditions)
        )
        order = (
            (SubmissionModel.submitted_at.asc(), SubmissionModel.id.asc())
            if filters.oldest_first
            else (SubmissionModel.submitted_at.desc(), SubmissionModel.id.desc())
        )
        rows = await self._session.execute(
            _submission_rows()
            .where(*conditions)
            .order_by(*order)
            .limit(page.limit)
            .offset(page.offset)
        )
        return Page(
            items=[_to_submission(row) for row in rows],
            total=int(total or 0),
            limit=page.limit,
            offset=page.offset,
        )

    async def add_submission(
        self, assignment_id: UUID, student_id: UUID, first: NewVersion
    ) -> UUID:
        row = SubmissionModel(
            assignment_id=assignment_id,
            student_id=student_id,
            status=SubmissionStatus.SUBMITTED.value,
            is_late=first.is_late,
            submitted_at=first.submitted_at,
            version=1,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError as exc:
            raise Conflict("This work was just handed in; reload and try again.") from exc
        await self._add_version_row(row.id, 1, first)
        return row.id

    async def add_version(self, submission_id: UUID, number: int, version: NewVersion) -> None:
        # Only from the version the service saw, and never over a grade: a concurrent hand-in
        # or grading makes this a conflict instead of a lost update.
        moved = await self._session.execute(
            update(SubmissionModel)
            .where(
                SubmissionModel.id == submission_id,
                SubmissionModel.version == number - 1,
                SubmissionModel.status != _GRADED,
            )
            .values(
                status=SubmissionStatus.SUBMITTED.value,
                is_late=version.is_late,
                submitted_at=version.submitted_at,
                version=number,
                score=None,
                graded_at=None,
                graded_by_id=None,
                updated_at=datetime.now(UTC),
            )
        )
        if getattr(moved, "rowcount", 0) != 1:
            raise Conflict("This work changed meanwhile; reload and try again.")
        await self._add_version_row(submission_id, number, version)

    async def _add_version_row(self, submission_id: UUID, number: int, version: NewVersion) -> None:
        try:
            async with self._session.begin_nested():
                self._session.add(
                    SubmissionVersionModel(
                        submission_id=submission_id,
                        number=number,
                        text=version.text,
                        file_id=version.file_id,
                        submitted_at=version.submitted_at,
                        is_late=version.is_late,
                    )
                )
        except IntegrityError as exc:
            raise Conflict("This work changed meanwhile; reload and try again.") from exc

    async def grade(self, submission_id: UUID, grade: Grade) -> None:
        await self._session.execute(
            update(SubmissionModel)
            .where(SubmissionModel.id == submission_id)
            .values(
                status=grade.status.value,
                score=grade.score,
                feedback=grade.feedback,
                graded_at=grade.graded_at,
                graded_by_id=grade.graded_by_id,
                updated_at=datetime.now(UTC),
            )
        )
