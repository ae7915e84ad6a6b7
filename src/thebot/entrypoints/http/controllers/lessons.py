"""Lessons: teachers schedule them; students, tutors, parents and the office see them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from thebot.bootstrap import Container
from thebot.domain.scheduling.entities import Lesson, LessonQuery, LessonStatus
from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import BEARER, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.paging import Limit, Offset
from thebot.entrypoints.http.schemas.lessons import (
    HistoryOut,
    LessonCreate,
    LessonOut,
    LessonPageOut,
    LessonUpdate,
)
from thebot.entrypoints.http.schemas.people import given


def _out(container: Container, lesson: Lesson) -> LessonOut:
    """A lesson as the API shows it, with display times in the school's time zone."""
    settings = container.settings
    return LessonOut.of(lesson, settings.zone, settings.timezone)


Reason = Annotated[str, QueryParameter(max_length=500)]
Upcoming = Annotated[int, QueryParameter(ge=1, le=50)]


class LessonController(Controller):
    path = "/lessons"
    tags = ["scheduling"]
    security = BEARER

    @post("", operation_id="createLesson", status_code=HTTP_201_CREATED)
    async def create_lesson(
        self,
        data: JSONBody[LessonCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> LessonOut:
        """Schedule a lesson with one of one's enrolled students (times with an offset)."""
        lesson = await container.lesson_service(uow).create(principal, given(data))
        await uow.commit()
        return _out(container, lesson)

    @get("", operation_id="listLessons")
    async def list_lessons(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        starts_from: Annotated[datetime | None, QueryParameter(name="from")] = None,
        starts_before: Annotated[datetime | None, QueryParameter(name="to")] = None,
        student_id: FromQuery[UUID | None] = None,
        teacher_id: FromQuery[UUID | None] = None,
        status: FromQuery[LessonStatus | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> LessonPageOut:
        """The lessons one may see (a student's own, a teacher's, a tutor's students', a
        parent's children's, all for the office), by start time; ``from`` ≤ start < ``to``."""
        page = await container.lesson_service(uow).list_lessons(
            principal,
            LessonQuery(
                starts_from=starts_from,
                starts_before=starts_before,
                student_id=student_id,
                teacher_id=teacher_id,
                status=status,
            ),
            PageRequest(limit=limit, offset=offset),
        )
        return LessonPageOut(
            items=[_out(container, lesson) for lesson in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @get("/upcoming", operation_id="listUpcomingLessons")
    async def upcoming(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        limit: Upcoming = 10,
    ) -> list[LessonOut]:
        """The next scheduled lessons one may see."""
        lessons = await container.lesson_service(uow).upcoming(principal, limit)
        return [_out(container, lesson) for lesson in lessons]

    @get("/{lesson_id:uuid}", operation_id="getLesson")
    async def get_lesson(
        self,
        lesson_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> LessonOut:
        lesson = await container.lesson_service(uow).get(principal, lesson_id)
        return _out(container, lesson)

    @patch("/{lesson_id:uuid}", operation_id="updateLesson", status_code=HTTP_200_OK)
    async def update_lesson(
        self,
        lesson_id: FromPath[UUID],
        data: JSONBody[LessonUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> LessonOut:
        """Move or edit a lesson that has not started; every rule applies to the result."""
        lesson = await container.lesson_service(uow).update(principal, lesson_id, given(data))
        await uow.commit()
        return _out(container, lesson)

    @delete("/{lesson_id:uuid}", operation_id="cancelLesson", status_code=HTTP_204_NO_CONTENT)
    async def cancel_lesson(
        self,
        lesson_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        reason: FromQuery[Reason | None] = None,
    ) -> None:
        """Cancel (the lesson is kept, ``cancelled``), more than 2 hours before it starts."""
        await container.lesson_service(uow).cancel(principal, lesson_id, reason)
        await uow.commit()

    @post("/{lesson_id:uuid}/complete", operation_id="completeLesson", status_code=HTTP_200_OK)
    async def complete_lesson(
        self,
        lesson_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> LessonOut:
        """Mark a lesson that has started as completed (final)."""
        lesson = await container.lesson_service(uow).complete(principal, lesson_id)
        await uow.commit()
        return _out(container, lesson)

    @get("/{lesson_id:uuid}/history", operation_id="getLessonHistory")
    async def history(
        self,
        lesson_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> list[HistoryOut]:
        """Every change: who, when, and each field's old and new value."""
        entries = await container.lesson_service(uow).history(principal, lesson_id)
        return [HistoryOut.of(entry) for entry in entries]
