"""Materials, who they are assigned to, and progress on them.

A material is read in one statement with its subject and author names, its file, the counts of
assigned and completed students (aggregated in SQL) and the asking student's progress; a page
of them in two (the total and the rows), whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, defer

from thebot.adapters.db.models import (
    MaterialAssignmentModel,
    MaterialModel,
    MaterialProgressModel,
    StoredFileModel,
    StudentProfileModel,
    SubjectModel,
    UserModel,
)
from thebot.adapters.db.repositories import subject_progress
from thebot.domain.learning.materials import (
    AssignedStudent,
    Material,
    MaterialFile,
    MaterialQuery,
    MaterialStatus,
    MaterialType,
    NewMaterial,
    Progress,
)
from thebot.domain.shared.errors import Conflict
from thebot.domain.shared.pagination import Page, PageRequest

_Assignment = MaterialAssignmentModel
_Progress = MaterialProgressModel
_author = aliased(UserModel)


def _assigned_count() -> Any:
    return (
        select(func.count())
        .select_from(_Assignment)
        .where(_Assignment.material_id == MaterialModel.id)
        .correlate(MaterialModel)
        .scalar_subquery()
        .label("assigned_count")
    )


def _completed_count() -> Any:
    # Only students still assigned count: progress of those taken off the list is kept, unseen.
    return (
        select(func.count())
        .select_from(_Progress)
        .where(
            _Progress.material_id == MaterialModel.id,
            _Progress.completed_at.is_not(None),
            exists().where(
                _Assignment.material_id == _Progress.material_id,
                _Assignment.student_id == _Progress.student_id,
            ),
        )
        .correlate(MaterialModel)
        .scalar_subquery()
        .label("completed_count")
    )


def _conditions(query: MaterialQuery) -> list[Any]:
    conditions: list[Any] = []
    if query.subject_id is not None:
        conditions.append(MaterialModel.subject_id == query.subject_id)
    if query.status is not None:
        conditions.append(MaterialModel.status == query.status.value)
    if query.type is not None:
        conditions.append(MaterialModel.type == query.type.value)
    if query.author_id is not None:
        conditions.append(MaterialModel.author_id == query.author_id)
    if query.active_only:
        conditions.append(MaterialModel.status == MaterialStatus.ACTIVE.value)
    # Everything about the assigned students goes into one EXISTS, so that a filter by a student
    # and a reader's relationship must hold for the same student.
    through: list[Any] = []
    if query.student_id is not None:
        through.append(_Assignment.student_id == query.student_id)
    if query.assigned_to is not None:
        through.append(_Assignment.student_id == query.assigned_to)
    if query.assigned_to_tutees_of is not None:
        through.append(
            exists().where(
                StudentProfileModel.user_id == _Assignment.student_id,
                StudentProfileModel.tutor_id == query.assigned_to_tutees_of,
            )
        )
    if query.assigned_to_children_of is not None:
        through.append(
            exists().where(
                StudentProfileModel.user_id == _Assignment.student_id,
                StudentProfileModel.parent_id == query.assigned_to_children_of,
            )
        )
    if through:
        conditions.append(exists().where(_Assignment.material_id == MaterialModel.id, *through))
    return conditions


def _select(query: MaterialQuery, *, with_content: bool) -> Select[Any]:
    columns: list[Any] = [
        MaterialModel,
        SubjectModel.name.label("subject_name"),
        _author.full_name.label("author_name"),
        StoredFileModel.original_name.label("file_name"),
        StoredFileModel.size.label("file_size"),
        StoredFileModel.content_type.label("file_content_type"),
    ]
    if query.with_counts:
        columns += [_assigned_count(), _completed_count()]
    if query.progress_of is not None:
        columns.append(_Progress)
    statement = (
        select(*columns)
        .join(SubjectModel, SubjectModel.id == MaterialModel.subject_id)
        .join(_author, _author.id == MaterialModel.author_id)
        .outerjoin(StoredFileModel, StoredFileModel.id == MaterialModel.file_id)
        .where(*_conditions(query))
        .execution_options(populate_existing=True)
    )
    if query.progress_of is not None:
        statement = statement.outerjoin(
            _Progress,
            and_(
                _Progress.material_id == MaterialModel.id,
                _Progress.student_id == query.progress_of,
            ),
        )
    if not with_content:
        statement = statement.options(defer(MaterialModel.content, raiseload=True))
    return statement


def to_progress(row: MaterialProgressModel | None) -> Progress | None:
    if row is None:
        return None
    return Progress(
        progress_percentage=row.progress_percentage,
        time_spent_minutes=row.time_spent_minutes,
        started_at=row.started_at,
        completed_at=row.completed_at,
        last_accessed_at=row.last_accessed_at,
    )


def _to_material(row: Any, query: MaterialQuery, *, with_content: bool) -> Material:
    values = row._mapping
    model: MaterialModel = values[MaterialModel]
    file = None
    if values["file_name"] is not None:
        file = MaterialFile(
            name=values["file_name"],
            size=values["file_size"],
            content_type=values["file_content_type"],
        )
    return Material(
        id=model.id,
        author_id=model.author_id,
        author_name=values["author_name"],
        subject_id=model.subject_id,
        subject_name=values["subject_name"],
        title=model.title,
        description=model.description,
        type=MaterialType(model.type),
        status=MaterialStatus(model.status),
        difficulty=model.difficulty,
        video_url=model.video_url,
        file_id=model.file_id,
        file=file,
        published_at=model.published_at,
        created_at=model.created_at,
        updated_at=model.updated_at,
        content=model.content if with_content else None,
        assigned_count=values["assigned_count"] if query.with_counts else None,
        completed_count=values["completed_count"] if query.with_counts else None,
        progress=to_progress(values[_Progress]) if query.progress_of is not None else None,
    )


class SqlMaterialRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, material: NewMaterial) -> UUID:
        row = MaterialModel(
            author_id=material.author_id,
            subject_id=material.subject_id,
            title=material.title,
            description=material.description,
            content=material.content,
            type=material.type.value,
            status=material.status.value,
            difficulty=material.difficulty,
            video_url=material.video_url,
            published_at=material.published_at,
            created_at=material.created_at,
            updated_at=material.created_at,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError as exc:
            raise Conflict("The material could not be saved; its subject is gone.") from exc
        return row.id

    async def get(self, material_id: UUID, query: MaterialQuery) -> Material | None:
        row = (
            await self._session.execute(
                _select(query, with_content=True).where(MaterialModel.id == material_id)
            )
        ).one_or_none()
        return None if row is None else _to_material(row, query, with_content=True)

    async def find(self, query: MaterialQuery, page: PageRequest) -> Page[Material]:
        total = await self._session.scalar(
            select(func.count()).select_from(MaterialModel).where(*_conditions(query))
        )
        rows = await self._session.execute(
            _select(query, with_content=False)
            .order_by(MaterialModel.created_at.desc(), MaterialModel.id.desc())
            .limit(page.limit)
            .offset(page.offset)
        )
        return Page(
            items=[_to_material(row, query, with_content=False) for row in rows],
            total=int(total or 0),
            limit=page.limit,
            offset=page.offset,
        )

    async def update(self, material_id: UUID, changes: Mapping[str, Any]) -> None:
        values = {k: v.value if isinstance(v, Enum) else v for k, v in changes.items()}
        counted = "status" in values or "subject_id" in values
        if counted:
            await subject_progress.lock(self._session, material_id)
            await subject_progress.shift(self._session, material_id, -1)
        try:
            async with self._session.begin_nested():
                await self._session.execute(
                    update(MaterialModel).where(MaterialModel.id == material_id).values(**values)
                )
        except IntegrityError as exc:
            raise Conflict("The change conflicts with the material's subject or file.") from exc
        if counted:
            await subject_progress.shift(self._session, material_id, 1)

    async def delete(self, material_id: UUID) -> None:
        await subject_progress.lock(self._session, material_id)
        await subject_progress.shift(self._session, material_id, -1)
        # Explicit rather than trusting every database's ON DELETE CASCADE to be switched on.
        await self._session.execute(delete(_Progress).where(_Progress.material_id == material_id))
        await self._session.execute(
            delete(_Assignment).where(_Assignment.material_id == material_id)
        )
        await self._session.execute(delete(MaterialModel).where(MaterialModel.id == material_id))

    async def students(self, material_id: UUID) -> list[AssignedStudent]:
        rows = await self._session.execute(
            select(
                _Assignment.student_id,
                UserModel.full_name,
                _Progress,
            )
            .join(UserModel, UserModel.id == _Assignment.student_id)
            .outerjoin(
                _Progress,
                and_(
                    _Progress.material_id == _Assignment.material_id,
                    _Progress.student_id == _Assignment.student_id,
                ),
            )
            .where(_Assignment.material_id == material_id)
            .order_by(UserModel.last_name, UserModel.first_name, UserModel.id)
            .execution_options(populate_existing=True)
        )
        return [
            AssignedStudent(id=student_id, name=name, progress=to_progress(progress))
            for student_id, name, progress in rows
        ]

    async def set_students(
        self, material_id: UUID, student_ids: Iterable[UUID], at: datetime
    ) -> set[UUID]:
        wanted = set(student_ids)
        await subject_progress.lock(self._session, material_id)
        current = set(
            await self._session.scalars(
                select(_Assignment.student_id).where(_Assignment.material_id == material_id)
            )
        )
        if current - wanted:
            await subject_progress.shift(self._session, material_id, -1, current - wanted)
            await self._session.execute(
                delete(_Assignment).where(
                    _Assignment.material_id == material_id,
                    _Assignment.student_id.in_(current - wanted),
                )
            )
        if wanted - current:
            await self._session.execute(
                insert(_Assignment),
                [
                    {"material_id": material_id, "student_id": s, "assigned_at": at}
                    for s in wanted - current
                ],
            )
            await subject_progress.shift(self._session, material_id, 1, wanted - current)
        return wanted - current

    async def progress(self, material_id: UUID, student_id: UUID) -> Progress | None:
        row = await self._session.scalar(
            select(_Progress)
            .where(_Progress.material_id == material_id, _Progress.student_id == student_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return to_progress(row)

    async def save_progress(
        self, material_id: UUID, student_id: UUID, progress: Progress, *, new: bool
    ) -> None:
        values = {
            "progress_percentage": progress.progress_percentage,
            "time_spent_minutes": progress.time_spent_minutes,
            "completed_at": progress.completed_at,
            "last_accessed_at": progress.last_accessed_at,
            "updated_at": progress.last_accessed_at,
        }
        await subject_progress.lock(self._session, material_id)
        await subject_progress.shift(self._session, material_id, -1, [student_id])
        await self._write_progress(material_id, student_id, progress, values, new=new)
        await subject_progress.shift(self._session, material_id, 1, [student_id])

    async def _write_progress(
        self,
        material_id: UUID,
        student_id: UUID,
        progress: Progress,
        values: dict[str, Any],
        *,
        new: bool,
    ) -> None:
        if not new:
            await self._session.execute(
                update(_Progress)
                .where(_Progress.material_id == material_id, _Progress.student_id == student_id)
                .values(**values)
            )
            return
        row = _Progress(
            material_id=material_id,
            student_id=student_id,
            started_at=progress.started_at,
            created_at=progress.started_at,
            **values,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError as exc:
            raise Conflict("Progress was recorded at the same moment; send it again.") from exc
