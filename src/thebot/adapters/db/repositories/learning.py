"""Subjects and enrollments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import (
    AssignmentModel,
    EnrollmentModel,
    MaterialModel,
    StudentProfileModel,
    SubjectModel,
    TeacherSubjectModel,
    UserModel,
)
from thebot.domain.learning.entities import (
    Enrollment,
    EnrollmentQuery,
    EnrollmentStatus,
    NewEnrollment,
    Subject,
    SubjectTeacher,
)
from thebot.domain.shared.errors import Conflict, NotFound
from thebot.domain.shared.pagination import Page, PageRequest


def to_subject(row: SubjectModel) -> Subject:
    return Subject(id=row.id, name=row.name, description=row.description, color=row.color)


class SqlSubjectRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list_all(self) -> list[Subject]:
        rows = await self._session.scalars(select(SubjectModel).order_by(SubjectModel.name))
        return [to_subject(row) for row in rows]

    async def get(self, subject_id: UUID) -> Subject:
        row = await self._session.get(SubjectModel, subject_id, populate_existing=True)
        if row is None:
            raise NotFound("Subject not found.")
        return to_subject(row)

    async def add(self, name: str, description: str | None, color: str) -> Subject:
        row = SubjectModel(name=name, description=description, color=color)
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError as exc:
            raise Conflict(f"A subject named {name!r} already exists.") from exc
        return to_subject(row)

    async def update(self, subject_id: UUID, changes: Mapping[str, Any]) -> Subject:
        if changes:
            try:
                async with self._session.begin_nested():
                    await self._session.execute(
                        update(SubjectModel)
                        .where(SubjectModel.id == subject_id)
                        .values(**changes, updated_at=datetime.now(UTC))
                    )
            except IntegrityError as exc:
                raise Conflict(f"A subject named {changes.get('name')!r} already exists.") from exc
        return await self.get(subject_id)

    async def delete(self, subject_id: UUID) -> None:
        in_use = await self._session.scalar(
            select(
                exists().where(EnrollmentModel.subject_id == subject_id)
                | exists().where(MaterialModel.subject_id == subject_id)
                | exists().where(AssignmentModel.subject_id == subject_id)
            )
        )
        if in_use:
            raise Conflict("The subject is in use by enrollments, materials or homework.")
        await self._session.execute(delete(SubjectModel).where(SubjectModel.id == subject_id))

    async def teachers_of(self, subject_id: UUID) -> list[SubjectTeacher]:
        rows = await self._session.execute(
            select(UserModel.id, UserModel.full_name)
            .join(TeacherSubjectModel, TeacherSubjectModel.teacher_id == UserModel.id)
            .where(
                TeacherSubjectModel.subject_id == subject_id,
                TeacherSubjectModel.is_active.is_(True),
                UserModel.is_active.is_(True),
                UserModel.role == "teacher",
            )
            .order_by(UserModel.last_name, UserModel.first_name, UserModel.id)
        )
        return [SubjectTeacher(id=tid, full_name=name) for tid, name in rows]


_student = aliased(UserModel)
_teacher = aliased(UserModel)


def _with_names() -> Select[Any]:
    return (
        select(
            EnrollmentModel,
            SubjectModel.name,
            _student.full_name,
            _teacher.full_name,
        )
        .join(SubjectModel, SubjectModel.id == EnrollmentModel.subject_id)
        .join(_student, _student.id == EnrollmentModel.student_id)
        .join(_teacher, _teacher.id == EnrollmentModel.teacher_id)
    )


def _to_enrollment(row: Any) -> Enrollment:
    model, subject_name, student_name, teacher_name = row
    return Enrollment(
        id=model.id,
        student_id=model.student_id,
        subject_id=model.subject_id,
        teacher_id=model.teacher_id,
        custom_subject_name=model.custom_subject_name,
        assigned_by_id=model.assigned_by_id,
        status=EnrollmentStatus(model.status),
        started_at=model.started_at,
        ended_at=model.ended_at,
        price_per_period=model.price_per_period,
        period_weeks=model.period_weeks,
        paid_until=model.paid_until,
        subject_name=subject_name,
        student_name=student_name,
        teacher_name=teacher_name,
    )


def enrollment_conditions(query: EnrollmentQuery) -> list[Any]:
    conditions: list[Any] = []
    if query.student_id is not None:
        conditions.append(EnrollmentModel.student_id == query.student_id)
    if query.subject_id is not None:
        conditions.append(EnrollmentModel.subject_id == query.subject_id)
    if query.teacher_id is not None:
        conditions.append(EnrollmentModel.teacher_id == query.teacher_id)
    if query.status is not None:
        conditions.append(EnrollmentModel.status == query.status.value)
    if query.visible_to_student is not None:
        conditions.append(EnrollmentModel.student_id == query.visible_to_student)
    if query.visible_to_teacher is not None:
        conditions.append(EnrollmentModel.teacher_id == query.visible_to_teacher)
    if query.visible_to_tutor is not None or query.visible_to_parent is not None:
        link = (
            StudentProfileModel.tutor_id == query.visible_to_tutor
            if query.visible_to_tutor is not None
            else StudentProfileModel.parent_id == query.visible_to_parent
        )
        conditions.append(
            exists().where(StudentProfileModel.user_id == EnrollmentModel.student_id, link)
        )
    return conditions


class SqlEnrollmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, enrollment: NewEnrollment) -> Enrollment:
        row = EnrollmentModel(
            student_id=enrollment.student_id,
            subject_id=enrollment.subject_id,
            teacher_id=enrollment.teacher_id,
            custom_subject_name=enrollment.custom_subject_name,
            assigned_by_id=enrollment.assigned_by_id,
            status=EnrollmentStatus.ACTIVE.value,
            started_at=enrollment.started_at,
            price_per_period=enrollment.price_per_period,
            period_weeks=enrollment.period_weeks,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError as exc:
            raise Conflict(
                "This student is already enrolled in this subject with this teacher."
            ) from exc
        return await self.get(row.id)

    async def get(self, enrollment_id: UUID) -> Enrollment:
        row = (
            await self._session.execute(
                _with_names()
                .where(EnrollmentModel.id == enrollment_id)
                .execution_options(populate_existing=True)
            )
        ).one_or_none()
        if row is None:
            raise NotFound("Enrollment not found.")
        return _to_enrollment(row)

    async def find(self, query: EnrollmentQuery, page: PageRequest) -> Page[Enrollment]:
        conditions = enrollment_conditions(query)
        total = await self._session.scalar(
            select(func.count()).select_from(EnrollmentModel).where(*conditions)
        )
        rows = await self._session.execute(
            _with_names()
            .where(*conditions)
            .order_by(EnrollmentModel.started_at.desc(), EnrollmentModel.id.desc())
            .limit(page.limit)
            .offset(page.offset)
            .execution_options(populate_existing=True)
        )
        return Page(
            items=[_to_enrollment(row) for row in rows],
            total=int(total or 0),
            limit=page.limit,
            offset=page.offset,
        )

    async def update(self, enrollment_id: UUID, changes: Mapping[str, Any]) -> Enrollment:
        if changes:
            try:
                async with self._session.begin_nested():
                    await self._session.execute(
                        update(EnrollmentModel)
                        .where(EnrollmentModel.id == enrollment_id)
                        .values(**changes, updated_at=datetime.now(UTC))
                    )
            except IntegrityError as exc:
                raise Conflict("The change conflicts with another enrollment.") from exc
        return await self.get(enrollment_id)

    async def teaches(self, teacher_id: UUID, subject_id: UUID) -> bool:
        return bool(
            await self._session.scalar(
                select(
                    exists().where(
                        TeacherSubjectModel.teacher_id == teacher_id,
                        TeacherSubjectModel.subject_id == subject_id,
                        TeacherSubjectModel.is_active.is_(True),
                    )
                )
            )
        )

    async def enrolled_students(
        self, teacher_id: UUID, student_ids: Iterable[UUID], subject_id: UUID | None = None
    ) -> set[UUID]:
        ids = list(student_ids)
        if not ids:
            return set()
        conditions = [
            EnrollmentModel.teacher_id == teacher_id,
            EnrollmentModel.status == EnrollmentStatus.ACTIVE.value,
            EnrollmentModel.student_id.in_(ids),
        ]
        if subject_id is not None:
            conditions.append(EnrollmentModel.subject_id == subject_id)
        return set(
            await self._session.scalars(
                select(EnrollmentModel.student_id).where(*conditions).distinct()
            )
        )
