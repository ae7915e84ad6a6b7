"""Calendar feeds: generations of feed tokens, and the lessons of one feed in one statement."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import false, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import (
    CalendarFeedModel,
    LessonModel,
    StudentProfileModel,
    SubjectModel,
    UserModel,
)
from thebot.domain.accounts.entities import Role
from thebot.domain.scheduling.calendar import CalendarLesson, FeedOwner

_teacher = aliased(UserModel)
_student = aliased(UserModel)


def _whose(user_id: UUID, role: Role) -> Any:
    """Which lessons a user's feed shows."""
    if role is Role.STUDENT:
        return LessonModel.student_id == user_id
    if role is Role.TEACHER:
        return LessonModel.teacher_id == user_id
    if role is Role.PARENT:
        link: Any = StudentProfileModel.parent_id
    elif role is Role.TUTOR:
        link = StudentProfileModel.tutor_id
    else:
        return false()
    return LessonModel.student_id.in_(
        select(StudentProfileModel.user_id).where(link == user_id).scalar_subquery()
    )


class SqlCalendarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ----- feed generations --------------------------------------------------------------

    async def generation(self, user_id: UUID) -> int:
        stored = await self._session.scalar(
            select(CalendarFeedModel.generation).where(CalendarFeedModel.user_id == user_id)
        )
        return stored or 1

    async def rotate(self, user_id: UUID, now: datetime) -> int:
        dialect = self._session.get_bind().dialect.name
        build = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = build(CalendarFeedModel).values(user_id=user_id, generation=2, rotated_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=[CalendarFeedModel.user_id],
            set_={
                "generation": CalendarFeedModel.generation + 1,
                "rotated_at": statement.excluded.rotated_at,
            },
        ).returning(CalendarFeedModel.generation)
        generation: int = (await self._session.execute(statement)).scalar_one()
        return generation

    async def owner(self, user_id: UUID) -> FeedOwner | None:
        row = (
            await self._session.execute(
                select(
                    UserModel.id,
                    UserModel.role,
                    UserModel.is_active,
                    func.coalesce(CalendarFeedModel.generation, 1),
                )
                .outerjoin(CalendarFeedModel, CalendarFeedModel.user_id == UserModel.id)
                .where(UserModel.id == user_id)
            )
        ).one_or_none()
        if row is None:
            return None
        return FeedOwner(
            user_id=row[0], role=Role(row[1]), is_active=bool(row[2]), generation=int(row[3])
        )

    # ----- lessons -----------------------------------------------------------------------

    async def for_feed(
        self, user_id: UUID, role: Role, start: datetime, end: datetime
    ) -> list[CalendarLesson]:
        rows = await self._session.execute(
            select(
                LessonModel,
                SubjectModel.name,
                _teacher.full_name,
                _student.full_name,
            )
            .join(SubjectModel, SubjectModel.id == LessonModel.subject_id)
            .join(_teacher, _teacher.id == LessonModel.teacher_id)
            .join(_student, _student.id == LessonModel.student_id)
            .where(_whose(user_id, role), LessonModel.start_at >= start, LessonModel.start_at < end)
            .order_by(LessonModel.start_at, LessonModel.id)
        )
        return [
            CalendarLesson(
                id=lesson.id,
                start_at=lesson.start_at,
                end_at=lesson.end_at,
                status=lesson.status,
                subject_name=subject,
                teacher_name=teacher.strip(),
                student_name=student.strip(),
                description=lesson.description,
                meeting_url=lesson.meeting_url,
                updated_at=lesson.updated_at,
                created_at=lesson.created_at,
                cancel_reason=lesson.cancel_reason,
            )
            for lesson, subject, teacher, student in rows.tuples()
        ]
