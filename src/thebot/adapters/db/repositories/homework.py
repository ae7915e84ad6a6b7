"""Homework: assignments with their students and attachments (submissions: ``submissions``).

Lists cost a fixed number of statements: the page (with counts or the reader's own submission
as columns), then the students and the attachments of the whole page at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, delete, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import (
    AssignmentAttachmentModel,
    AssignmentModel,
    AssignmentStudentModel,
    StoredFileModel,
    StudentProfileModel,
    SubjectModel,
    SubmissionModel,
    UserModel,
)
from thebot.domain.learning.homework import (
    EVERYTHING,
    Assignment,
    AssignmentCounts,
    AssignmentFilter,
    AssignmentStatus,
    Attachment,
    HomeworkScope,
    NewAssignment,
    SubmissionStatus,
    SubmissionSummary,
)
from thebot.domain.shared.errors import NotFound
from thebot.domain.shared.pagination import Page, PageRequest

_author = aliased(UserModel)
_own = aliased(SubmissionModel)
_DRAFT = AssignmentStatus.DRAFT.value
_GRADED = SubmissionStatus.GRADED.value


def attachment_of(file: StoredFileModel) -> Attachment:
    return Attachment(
        id=file.id, name=file.original_name, size=file.size, content_type=file.content_type
    )


def family_link(scope: HomeworkScope) -> Any:
    """The student-profile condition of a tutor's or parent's scope (shared with submissions)."""
    if scope.tutor_id is not None:
        return StudentProfileModel.tutor_id == scope.tutor_id
    return StudentProfileModel.parent_id == scope.parent_id


def _assignment_scope(scope: HomeworkScope) -> list[Any]:
    if scope.teacher_id is not None:
        return [AssignmentModel.author_id == scope.teacher_id]
    if scope.student_id is not None:
        return [
            AssignmentModel.status != _DRAFT,
            exists().where(
                AssignmentStudentModel.assignment_id == AssignmentModel.id,
                AssignmentStudentModel.student_id == scope.student_id,
            ),
        ]
    if scope.tutor_id is not None or scope.parent_id is not None:
        return [
            AssignmentModel.status != _DRAFT,
            exists().where(
                AssignmentStudentModel.assignment_id == AssignmentModel.id,
                StudentProfileModel.user_id == AssignmentStudentModel.student_id,
                family_link(scope),
            ),
        ]
    return []


def _assignment_filters(filters: AssignmentFilter) -> list[Any]:
    conditions: list[Any] = []
    if filters.subject_id is not None:
        conditions.append(AssignmentModel.subject_id == filters.subject_id)
    if filters.status is not None:
        conditions.append(AssignmentModel.status == filters.status.value)
    if filters.student_id is not None:
        conditions.append(
            exists().where(
                AssignmentStudentModel.assignment_id == AssignmentModel.id,
                AssignmentStudentModel.student_id == filters.student_id,
            )
        )
    if filters.due_from is not None:
        conditions.append(AssignmentModel.due_at >= filters.due_from)
    if filters.due_to is not None:
        conditions.append(AssignmentModel.due_at <= filters.due_to)
    return conditions


def _count_of(*conditions: Any) -> Any:
    return (
        select(func.count())
        .select_from(SubmissionModel)
        .where(SubmissionModel.assignment_id == AssignmentModel.id, *conditions)
        .scalar_subquery()
    )


def _assignment_rows(scope: HomeworkScope) -> Select[Any]:
    """Assignments with names, and what this reader is shown: counts, or their own work."""
    columns: list[Any] = [
        AssignmentModel,
        SubjectModel.name,
        _author.full_name,
    ]
    if scope.sees_counts:
        columns += [
            select(func.count())
            .select_from(AssignmentStudentModel)
            .where(AssignmentStudentModel.assignment_id == AssignmentModel.id)
            .scalar_subquery(),
            _count_of(),
            _count_of(SubmissionModel.status == _GRADED),
        ]
    if scope.student_id is not None:
        columns.append(_own)
    query = (
        select(*columns)
        .join(SubjectModel, SubjectModel.id == AssignmentModel.subject_id)
        .join(_author, _author.id == AssignmentModel.author_id)
    )
    if scope.student_id is not None:
        query = query.outerjoin(
            _own,
            and_(_own.assignment_id == AssignmentModel.id, _own.student_id == scope.student_id),
        )
    return query.execution_options(populate_existing=True)


class SqlHomeworkRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ----- assignments ---------------------------------------------------------------------

    async def add_assignment(self, assignment: NewAssignment) -> UUID:
        row = AssignmentModel(
            author_id=assignment.author_id,
            subject_id=assignment.subject_id,
            title=assignment.title,
            instructions=assignment.instructions,
            due_at=assignment.due_at,
            max_score=assignment.max_score,
            status=assignment.status.value,
            published_at=assignment.published_at,
        )
        self._session.add(row)
        await self._session.flush()
        await self.change_students(row.id, assignment.student_ids, ())
        return row.id

    async def get_assignment(
        self, assignment_id: UUID, scope: HomeworkScope = EVERYTHING
    ) -> Assignment:
        rows = (
            await self._session.execute(
                _assignment_rows(scope).where(
                    AssignmentModel.id == assignment_id, *_assignment_scope(scope)
                )
            )
        ).all()
        if not rows:
            raise NotFound("Assignment not found.")
        return (await self._assemble(rows, scope))[0]

    async def find_assignments(
        self, filters: AssignmentFilter, scope: HomeworkScope, page: PageRequest
    ) -> Page[Assignment]:
        conditions = [*_assignment_scope(scope), *_assignment_filters(filters)]
        total = await self._session.scalar(
            select(func.count()).select_from(AssignmentModel).where(*conditions)
        )
        rows = (
            await self._session.execute(
                _assignment_rows(scope)
                .where(*conditions)
                .order_by(AssignmentModel.due_at.desc(), AssignmentModel.id.desc())
                .limit(page.limit)
                .offset(page.offset)
            )
        ).all()
        return Page(
            items=await self._assemble(rows, scope) if rows else [],
            total=int(total or 0),
            limit=page.limit,
            offset=page.offset,
        )

    async def _assemble(self, rows: Sequence[Any], scope: HomeworkScope) -> list[Assignment]:
        """Turn page rows into assignments: two statements for students and attachments."""
        ids = [row[0].id for row in rows]
        students_query = select(
            AssignmentStudentModel.assignment_id, AssignmentStudentModel.student_id
        ).where(AssignmentStudentModel.assignment_id.in_(ids))
        if scope.student_id is not None:
            students_query = students_query.where(
                AssignmentStudentModel.student_id == scope.student_id
            )
        elif scope.tutor_id is not None or scope.parent_id is not None:
            students_query = students_query.join(
                StudentProfileModel,
                StudentProfileModel.user_id == AssignmentStudentModel.student_id,
            ).where(family_link(scope))
        students: dict[UUID, list[UUID]] = defaultdict(list)
        for assignment_id, student_id in await self._session.execute(
            students_query.order_by(AssignmentStudentModel.student_id)
        ):
            students[assignment_id].append(student_id)
        attachments: dict[UUID, list[Attachment]] = defaultdict(list)
        for assignment_id, file in await self._session.execute(
            select(AssignmentAttachmentModel.assignment_id, StoredFileModel)
            .join(StoredFileModel, StoredFileModel.id == AssignmentAttachmentModel.file_id)
            .where(AssignmentAttachmentModel.assignment_id.in_(ids))
            .order_by(StoredFileModel.created_at, StoredFileModel.id)
        ):
            attachments[assignment_id].append(attachment_of(file))
        return [self._to_assignment(row, scope, students, attachments) for row in rows]

    @staticmethod
    def _to_assignment(
        row: Any,
        scope: HomeworkScope,
        students: Mapping[UUID, list[UUID]],
        attachments: Mapping[UUID, list[Attachment]],
    ) -> Assignment:
        model, subject_name, author_name, *extra = row
        counts = None
        own = None
        if scope.sees_counts:
            assigned, submitted, graded, *extra = extra
            counts = AssignmentCounts(assigned=assigned, submitted=submitted, graded=graded)
        if scope.student_id is not None and extra[0] is not None:
            mine = extra[0]
            own = SubmissionSummary(
                id=mine.id,
                status=SubmissionStatus(mine.status),
                score=mine.score,
                is_late=mine.is_late,
                submitted_at=mine.submitted_at,
            )
        return Assignment(
            id=model.id,
            author_id=model.author_id,
            author_name=author_name,
            subject_id=model.subject_id,
            subject_name=subject_name,
            title=model.title,
            instructions=model.instructions,
            due_at=model.due_at,
            max_score=model.max_score,
            status=AssignmentStatus(model.status),
            published_at=model.published_at,
            student_ids=tuple(students.get(model.id, ())),
            attachments=tuple(attachments.get(model.id, ())),
            counts=counts,
            own_submission=own,
        )

    async def update_assignment(self, assignment_id: UUID, changes: Mapping[str, Any]) -> None:
        if changes:
            await self._session.execute(
                update(AssignmentModel)
                .where(AssignmentModel.id == assignment_id)
                .values(**changes, updated_at=datetime.now(UTC))
            )

    async def change_students(
        self, assignment_id: UUID, add: Iterable[UUID], remove: Iterable[UUID]
    ) -> None:
        gone = list(remove)
        if gone:
            await self._session.execute(
                delete(AssignmentStudentModel).where(
                    AssignmentStudentModel.assignment_id == assignment_id,
                    AssignmentStudentModel.student_id.in_(gone),
                )
            )
        new = [{"assignment_id": assignment_id, "student_id": s} for s in add]
        if new:
            await self._session.execute(insert(AssignmentStudentModel), new)

    async def delete_assignment(self, assignment_id: UUID) -> None:
        await self._session.execute(
            delete(AssignmentModel).where(AssignmentModel.id == assignment_id)
        )

    async def add_attachment(self, assignment_id: UUID, file_id: UUID) -> None:
        await self._session.execute(
            insert(AssignmentAttachmentModel).values(assignment_id=assignment_id, file_id=file_id)
        )

    async def remove_attachment(self, assignment_id: UUID, file_id: UUID) -> None:
        await self._session.execute(
            delete(AssignmentAttachmentModel).where(
                AssignmentAttachmentModel.assignment_id == assignment_id,
                AssignmentAttachmentModel.file_id == file_id,
            )
        )

    async def submitted_scores(self, assignment_id: UUID) -> dict[UUID, int | None]:
        rows = await self._session.execute(
            select(SubmissionModel.student_id, SubmissionModel.score).where(
                SubmissionModel.assignment_id == assignment_id
            )
        )
        return dict(rows.tuples().all())
