"""Lessons and their history: each read one statement, names and family links included."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import (
    EnrollmentModel,
    LessonHistoryModel,
    LessonModel,
    StudentProfileModel,
    SubjectModel,
    UserModel,
)
from thebot.adapters.db.paging import windowed_page
from thebot.domain.scheduling.entities import (
    HistoryEntry,
    Lesson,
    LessonQuery,
    LessonStatus,
    Named,
    NewLesson,
)
from thebot.domain.shared.errors import NotFound
from thebot.domain.shared.pagination import Page, PageRequest

L = LessonModel
_TEACHER, _STUDENT = aliased(UserModel), aliased(UserModel)


_LESSONS = (
    select(
        L.id,
        _TEACHER.id,
        _TEACHER.full_name,
        _STUDENT.id,
        _STUDENT.full_name,
        SubjectModel.id,
        SubjectModel.name,
        L.start_at,
        L.end_at,
        L.description,
        L.meeting_url,
        L.status,
        L.cancel_reason,
        L.created_by_id,
        L.updated_by_id,
        L.created_at,
        L.updated_at,
        StudentProfileModel.tutor_id,
        StudentProfileModel.parent_id,
    )
    .join(_TEACHER, _TEACHER.id == L.teacher_id)
    .join(_STUDENT, _STUDENT.id == L.student_id)
    .join(SubjectModel, SubjectModel.id == L.subject_id)
    .outerjoin(StudentProfileModel, StudentProfileModel.user_id == L.student_id)
)


def _lesson(row: Any) -> Lesson:
    return Lesson(
        id=row[0],
        teacher=Named(id=row[1], name=row[2]),
        student=Named(id=row[3], name=row[4]),
        subject=Named(id=row[5], name=row[6]),
        start_at=row[7],
        end_at=row[8],
        description=row[9],
        meeting_url=row[10],
        status=LessonStatus(row[11]),
        cancel_reason=row[12],
        created_by_id=row[13],
        updated_by_id=row[14],
        created_at=row[15],
        updated_at=row[16],
        tutor_id=row[17],
        parent_id=row[18],
    )


class SqlLessonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, lesson_id: UUID) -> Lesson | None:
        row = (await self._session.execute(_LESSONS.where(L.id == lesson_id))).first()
        return _lesson(row) if row else None

    async def find(self, query: LessonQuery, page: PageRequest) -> Page[Lesson]:
        conditions = []
        if query.starts_from is not None:
            conditions.append(L.start_at >= query.starts_from)
        if query.starts_before is not None:
            conditions.append(L.start_at < query.starts_before)
        if query.student_id is not None:
            conditions.append(L.student_id == query.student_id)
        if query.teacher_id is not None:
            conditions.append(L.teacher_id == query.teacher_id)
        if query.status is not None:
            conditions.append(L.status == query.status.value)
        if query.visible_to_student is not None:
            conditions.append(L.student_id == query.visible_to_student)
        if query.visible_to_teacher is not None:
            conditions.append(L.teacher_id == query.visible_to_teacher)
        if query.visible_to_tutor is not None:
            conditions.append(StudentProfileModel.tutor_id == query.visible_to_tutor)
        if query.visible_to_parent is not None:
            conditions.append(StudentProfileModel.parent_id == query.visible_to_parent)
        rows, total = await windowed_page(
            self._session,
            _LESSONS.where(*conditions).order_by(L.start_at, L.id),
            page,
            lambda: (
                select(func.count())
                .select_from(L)
                .outerjoin(StudentProfileModel, StudentProfileModel.user_id == L.student_id)
                .where(*conditions)
            ),
        )
        return Page(
            items=[_lesson(row) for row in rows],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    async def has_active_enrollment(
        self, teacher_id: UUID, student_id: UUID, subject_id: UUID
    ) -> bool:
        return bool(
            await self._session.scalar(
                select(
                    exists().where(
                        EnrollmentModel.teacher_id == teacher_id,
                        EnrollmentModel.student_id == student_id,
                        EnrollmentModel.subject_id == subject_id,
                        EnrollmentModel.status == "active",
                    )
                )
            )
        )

    async def overlapping(
        self,
        teacher_id: UUID,
        student_id: UUID,
        start_at: datetime,
        end_at: datetime,
        *,
        exclude: UUID | None = None,
    ) -> Lesson | None:
        # Two teachers booking the same student at once must not both pass the check: lock the
        # two people's rows (in id order, no deadlock) until this transaction ends. SQLite
        # already runs one writing transaction at a time.
        await self._session.execute(
            select(UserModel.id)
            .where(UserModel.id.in_([teacher_id, student_id]))
            .order_by(UserModel.id)
            .with_for_update()
        )
        query = _LESSONS.where(
            L.status == LessonStatus.SCHEDULED.value,
            or_(L.teacher_id == teacher_id, L.student_id == student_id),
            and_(L.start_at < end_at, L.end_at > start_at),
        )
        if exclude is not None:
            query = query.where(L.id != exclude)
        row = (await self._session.execute(query.order_by(L.start_at).limit(1))).first()
        return _lesson(row) if row else None

    async def add(self, lesson: NewLesson) -> Lesson:
        row = L(
            teacher_id=lesson.teacher_id,
            student_id=lesson.student_id,
            subject_id=lesson.subject_id,
            start_at=lesson.start_at,
            end_at=lesson.end_at,
            description=lesson.description,
            meeting_url=lesson.meeting_url,
            status=LessonStatus.SCHEDULED.value,
            created_by_id=lesson.created_by_id,
            updated_by_id=lesson.created_by_id,
            created_at=lesson.created_at,
            updated_at=lesson.created_at,
        )
        self._session.add(row)
        await self._session.flush()
        stored = await self.get(row.id)
        assert stored is not None
        return stored

    async def update(self, lesson_id: UUID, changes: Mapping[str, Any]) -> Lesson:
        await self._session.execute(
            update(L).where(L.id == lesson_id).values(**changes, updated_at=datetime.now(UTC)),
            execution_options={"synchronize_session": False},
        )
        stored = await self.get(lesson_id)
        if stored is None:
            raise NotFound("Lesson not found.")
        return stored

    async def record(
        self,
        lesson_id: UUID,
        action: str,
        actor_id: UUID,
        at: datetime,
        changes: Mapping[str, Any],
    ) -> None:
        self._session.add(
            LessonHistoryModel(
                lesson_id=lesson_id, action=action, actor_id=actor_id, at=at, changes=dict(changes)
            )
        )
        await self._session.flush()

    async def history(self, lesson_id: UUID) -> list[HistoryEntry]:
        entry = LessonHistoryModel
        rows = await self._session.execute(
            select(
                entry.id, entry.action, UserModel.id, UserModel.full_name, entry.at, entry.changes
            )
            .outerjoin(UserModel, UserModel.id == entry.actor_id)
            .where(entry.lesson_id == lesson_id)
            .order_by(entry.at, entry.id)
        )
        return [
            HistoryEntry(
                id=hid,
                action=action,
                actor=Named(id=uid, name=name) if uid else None,
                at=at,
                changes=changes,
            )
            for hid, action, uid, name, at, changes in rows
        ]
