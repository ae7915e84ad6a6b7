"""Study plans with their files.

A page costs three statements whatever it holds: the count, the plans with their names, and
the files of the whole page at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Select, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import (
    EnrollmentModel,
    StoredFileModel,
    StudentProfileModel,
    StudyPlanFileModel,
    StudyPlanModel,
    SubjectModel,
    UserModel,
)
from thebot.domain.learning.entities import EnrollmentStatus
from thebot.domain.learning.homework import Attachment
from thebot.domain.learning.study_plans import (
    NewStudyPlan,
    StudyPlan,
    StudyPlanFilter,
    StudyPlanScope,
    StudyPlanStatus,
)
from thebot.domain.shared.errors import Conflict, NotFound
from thebot.domain.shared.pagination import Page, PageRequest

_author = aliased(UserModel)
_student = aliased(UserModel)
_SENT = StudyPlanModel.status == StudyPlanStatus.SENT.value
_DRAFT = StudyPlanModel.status == StudyPlanStatus.DRAFT.value
_TAKEN = "The student already has a plan in this subject for that week."


def _scope(scope: StudyPlanScope) -> list[Any]:
    if scope.author_id is not None:
        return [StudyPlanModel.author_id == scope.author_id]
    if scope.student_id is not None:
        return [_SENT, StudyPlanModel.student_id == scope.student_id]
    if scope.tutor_id is not None or scope.parent_id is not None:
        link = (
            StudentProfileModel.tutor_id == scope.tutor_id
            if scope.tutor_id is not None
            else StudentProfileModel.parent_id == scope.parent_id
        )
        return [
            _SENT,
            exists().where(StudentProfileModel.user_id == StudyPlanModel.student_id, link),
        ]
    return [_SENT]


def _filters(filters: StudyPlanFilter) -> list[Any]:
    conditions: list[Any] = []
    if filters.student_id is not None:
        conditions.append(StudyPlanModel.student_id == filters.student_id)
    if filters.subject_id is not None:
        conditions.append(StudyPlanModel.subject_id == filters.subject_id)
    if filters.status is not None:
        conditions.append(StudyPlanModel.status == filters.status.value)
    if filters.week_start is not None:
        conditions.append(StudyPlanModel.week_start == filters.week_start)
    # A week overlaps [from, to] when it starts by ``to`` and ends (six days on) from ``from``.
    if filters.week_from is not None:
        conditions.append(StudyPlanModel.week_start >= filters.week_from - timedelta(days=6))
    if filters.week_to is not None:
        conditions.append(StudyPlanModel.week_start <= filters.week_to)
    return conditions


def _plan_rows(*extra: Any) -> Select[Any]:
    return (
        select(StudyPlanModel, _author.full_name, _student.full_name, SubjectModel.name, *extra)
        .join(_author, _author.id == StudyPlanModel.author_id)
        .join(_student, _student.id == StudyPlanModel.student_id)
        .join(SubjectModel, SubjectModel.id == StudyPlanModel.subject_id)
        .execution_options(populate_existing=True)
    )


def _file_of(file: StoredFileModel) -> Attachment:
    return Attachment(
        id=file.id, name=file.original_name, content_type=file.content_type, size=file.size
    )


def _plan_of(row: Any, files: Iterable[Attachment]) -> StudyPlan:
    model, author_name, student_name, subject_name = row[:4]
    return StudyPlan(
        id=model.id,
        author_id=model.author_id,
        author_name=author_name,
        student_id=model.student_id,
        student_name=student_name,
        subject_id=model.subject_id,
        subject_name=subject_name,
        enrollment_id=model.enrollment_id,
        week_start=model.week_start,
        title=model.title,
        content=model.content,
        status=StudyPlanStatus(model.status),
        sent_at=model.sent_at,
        files=tuple(files),
        created_at=model.created_at,
        updated_at=model.updated_at,
    )


class SqlStudyPlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def active_enrollment(
        self, teacher_id: UUID, student_id: UUID, subject_id: UUID
    ) -> UUID | None:
        found: UUID | None = await self._session.scalar(
            select(EnrollmentModel.id)
            .where(
                EnrollmentModel.teacher_id == teacher_id,
                EnrollmentModel.student_id == student_id,
                EnrollmentModel.subject_id == subject_id,
                EnrollmentModel.status == EnrollmentStatus.ACTIVE.value,
            )
            .limit(1)
        )
        return found

    async def add(self, plan: NewStudyPlan) -> UUID:
        row = StudyPlanModel(
            author_id=plan.author_id,
            student_id=plan.student_id,
            subject_id=plan.subject_id,
            enrollment_id=plan.enrollment_id,
            week_start=plan.week_start,
            title=plan.title,
            content=plan.content,
            status=StudyPlanStatus.DRAFT.value,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError as exc:
            raise Conflict(_TAKEN) from exc
        return row.id

    async def get(self, plan_id: UUID, scope: StudyPlanScope) -> StudyPlan:
        row = (
            await self._session.execute(
                _plan_rows().where(StudyPlanModel.id == plan_id, *_scope(scope))
            )
        ).one_or_none()
        if row is None:
            raise NotFound("Study plan not found.")
        files = await self._files_of([plan_id])
        return _plan_of(row, files.get(plan_id, ()))

    async def find(
        self, filters: StudyPlanFilter, scope: StudyPlanScope, page: PageRequest
    ) -> Page[StudyPlan]:
        conditions = [*_scope(scope), *_filters(filters)]
        total = await self._session.scalar(
            select(func.count()).select_from(StudyPlanModel).where(*conditions)
        )
        rows = (
            await self._session.execute(
                _plan_rows()
                .where(*conditions)
                .order_by(
                    StudyPlanModel.week_start.desc(),
                    _student.last_name,
                    _student.first_name,
                    StudyPlanModel.id.desc(),
                )
                .limit(page.limit)
                .offset(page.offset)
            )
        ).all()
        files = await self._files_of(row[0].id for row in rows)
        return Page(
            items=[_plan_of(row, files.get(row[0].id, ())) for row in rows],
            total=int(total or 0),
            limit=page.limit,
            offset=page.offset,
        )

    async def _files_of(self, plan_ids: Iterable[UUID]) -> dict[UUID, list[Attachment]]:
        ids = list(plan_ids)
        found: dict[UUID, list[Attachment]] = defaultdict(list)
        if not ids:
            return found
        for plan_id, file in await self._session.execute(
            select(StudyPlanFileModel.plan_id, StoredFileModel)
            .join(StoredFileModel, StoredFileModel.id == StudyPlanFileModel.file_id)
            .where(StudyPlanFileModel.plan_id.in_(ids))
            .order_by(StoredFileModel.created_at, StoredFileModel.id)
        ):
            found[plan_id].append(_file_of(file))
        return found

    async def update(self, plan_id: UUID, changes: Mapping[str, Any]) -> None:
        if changes:
            await self._change_draft(plan_id, changes)

    async def mark_sent(self, plan_id: UUID, at: datetime) -> None:
        await self._change_draft(plan_id, {"status": StudyPlanStatus.SENT.value, "sent_at": at})

    async def _change_draft(self, plan_id: UUID, changes: Mapping[str, Any]) -> None:
        """Only a draft changes: a plan sent by a request running alongside is left alone."""
        try:
            async with self._session.begin_nested():
                result = await self._session.execute(
                    update(StudyPlanModel)
                    .where(StudyPlanModel.id == plan_id, _DRAFT)
                    .values(**changes, updated_at=datetime.now(UTC))
                )
        except IntegrityError as exc:
            raise Conflict(_TAKEN) from exc
        if not result.rowcount:  # type: ignore[attr-defined]
            raise Conflict("A sent study plan cannot be changed.")

    async def delete(self, plan_id: UUID) -> None:
        result = await self._session.execute(
            delete(StudyPlanModel).where(StudyPlanModel.id == plan_id, _DRAFT)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            raise Conflict("A sent study plan cannot be deleted.")

    async def add_file(self, plan_id: UUID, file_id: UUID) -> None:
        await self._session.execute(
            insert(StudyPlanFileModel).values(plan_id=plan_id, file_id=file_id)
        )

    async def remove_file(self, plan_id: UUID, file_id: UUID) -> None:
        await self._session.execute(
            delete(StudyPlanFileModel).where(
                StudyPlanFileModel.plan_id == plan_id, StudyPlanFileModel.file_id == file_id
            )
        )

    async def current_for(self, student_ids: Sequence[UUID], day: date) -> list[StudyPlan]:
        """One statement: the plans joined with their files, one row per file (or none)."""
        ids = list(student_ids)
        if not ids:
            return []
        rows = await self._session.execute(
            _plan_rows(StoredFileModel)
            .outerjoin(StudyPlanFileModel, StudyPlanFileModel.plan_id == StudyPlanModel.id)
            .outerjoin(StoredFileModel, StoredFileModel.id == StudyPlanFileModel.file_id)
            .where(
                _SENT,
                StudyPlanModel.student_id.in_(ids),
                StudyPlanModel.week_start <= day,
                StudyPlanModel.week_start > day - timedelta(days=7),
            )
            .order_by(
                _student.last_name,
                _student.first_name,
                SubjectModel.name,
                StudyPlanModel.id,
                StoredFileModel.created_at,
                StoredFileModel.id,
            )
        )
        plans: dict[UUID, Any] = {}
        files: dict[UUID, list[Attachment]] = defaultdict(list)
        for row in rows:
            plans.setdefault(row[0].id, row)
            if row[4] is not None:
                files[row[0].id].append(_file_of(row[4]))
        return [_plan_of(row, files.get(plan_id, ())) for plan_id, row in plans.items()]
