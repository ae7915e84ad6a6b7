"""Lessons: teachers schedule, move and cancel them; everyone concerned sees them.

Every write, a partial PATCH included, is checked against all the rules on the lesson as it
would be afterwards: nothing reaches the database around them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.notifications import notices
from thebot.domain.notifications.entities import Notice
from thebot.domain.notifications.services import Notifier
from thebot.domain.scheduling.entities import (
    HistoryEntry,
    Lesson,
    LessonQuery,
    LessonStatus,
    NewLesson,
)
from thebot.domain.scheduling.ports import LessonRepository
from thebot.domain.shared.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import AfterCommit, Clock, RealtimePublisher

SHORTEST = timedelta(minutes=15)
LONGEST = timedelta(hours=4)
CANCEL_NOTICE = timedelta(hours=2)
MAX_DESCRIPTION = 2000
MAX_URL = 500
MAX_REASON = 500
EDITABLE = frozenset({"start_at", "end_at", "description", "meeting_url"})
UPCOMING = 10


def _aware(value: Any, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise Invalid.field(field, "must be a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise Invalid.field(
            field, "must include a time zone offset, like 2026-12-01T10:00:00+03:00"
        )
    return value.astimezone(UTC)


def _text(value: Any, field: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise Invalid.field(field, "must be text")
    text = value.strip()
    if len(text) > limit:
        raise Invalid.field(field, f"must be at most {limit} characters")
    return text or None


def _meeting_url(value: Any) -> str | None:
    url = _text(value, "meeting_url", MAX_URL)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid.field("meeting_url", "must be an http or https link")
    return url


def check_times(start_at: datetime, end_at: datetime, now: datetime) -> None:
    """Start before end, 15 minutes to 4 hours, not in the past."""
    if start_at >= end_at:
        raise Invalid.field("end_at", "must be after start_at")
    length = end_at - start_at
    if length < SHORTEST:
        raise Invalid.field("end_at", "a lesson lasts at least 15 minutes")
    if length > LONGEST:
        raise Invalid.field("end_at", "a lesson lasts at most 4 hours")
    if start_at < now:
        raise Invalid.field("start_at", "must not be in the past")


class LessonService:
    def __init__(
        self,
        *,
        lessons: LessonRepository,
        realtime: RealtimePublisher,
        transaction: AfterCommit,
        notifier: Notifier,
        clock: Clock,
        zone: tzinfo,
    ) -> None:
        self._lessons = lessons
        self._realtime = realtime
        self._transaction = transaction
        self._notifier = notifier
        self._clock = clock
        self._zone = zone

    # ----- reading ---------------------------------------------------------------------------

    async def list_lessons(
        self, actor: Principal, query: LessonQuery, page: PageRequest
    ) -> Page[Lesson]:
        if (
            query.starts_from is not None
            and query.starts_before is not None
            and query.starts_from >= query.starts_before
        ):
            raise Invalid.field("to", "must be after from")
        return await self._lessons.find(_visible_to(actor, query), page)

    async def upcoming(self, actor: Principal, limit: int = UPCOMING) -> list[Lesson]:
        query = LessonQuery(starts_from=self._clock.now(), status=LessonStatus.SCHEDULED)
        page = await self._lessons.find(_visible_to(actor, query), PageRequest(limit=limit))
        return list(page.items)

    async def get(self, actor: Principal, lesson_id: UUID) -> Lesson:
        lesson = await self._lessons.get(lesson_id)
        if lesson is None or not _may_see(actor, lesson):
            raise NotFound("Lesson not found.")
        return lesson

    async def history(self, actor: Principal, lesson_id: UUID) -> list[HistoryEntry]:
        await self.get(actor, lesson_id)
        return await self._lessons.history(lesson_id)

    # ----- writing ---------------------------------------------------------------------------

    async def create(self, actor: Principal, values: Mapping[str, Any]) -> Lesson:
        if actor.role is not Role.TEACHER:
            raise Forbidden("Lessons are scheduled by their teacher.")
        start_at = _aware(values.get("start_at"), "start_at")
        end_at = _aware(values.get("end_at"), "end_at")
        description = _text(values.get("description"), "description", MAX_DESCRIPTION)
        meeting_url = _meeting_url(values.get("meeting_url"))
        now = self._clock.now()
        check_times(start_at, end_at, now)
        student_id, subject_id = values["student_id"], values["subject_id"]
        if not await self._lessons.has_active_enrollment(actor.id, student_id, subject_id):
            raise Invalid.field(
                "student_id", "you do not teach this subject to this student (no active enrollment)"
            )
        await self._no_overlap(actor.id, student_id, start_at, end_at, None)
        lesson = await self._lessons.add(
            NewLesson(
                teacher_id=actor.id,
                student_id=student_id,
                subject_id=subject_id,
                start_at=start_at,
                end_at=end_at,
                description=description,
                meeting_url=meeting_url,
                created_by_id=actor.id,
                created_at=now,
            )
        )
        await self._lessons.record(
            lesson.id,
            "created",
            actor.id,
            now,
            {f: [None, _shown(getattr(lesson, f))] for f in sorted(EDITABLE)},
        )
        self._tell(lesson, "lesson.created")
        notice = notices.lesson_created(
            lesson_id=lesson.id,
            subject=lesson.subject.name,
            teacher=lesson.teacher.name,
            start_at=lesson.start_at,
            end_at=lesson.end_at,
            zone=self._zone,
        )
        await self._notify_family(actor, lesson, notice)
        return lesson

    async def update(self, actor: Principal, lesson_id: UUID, values: Mapping[str, Any]) -> Lesson:
        lesson = await self._writable(actor, lesson_id, "changed")
        refused = [FieldError(f, "cannot be changed") for f in values if f not in EDITABLE]
        if refused:
            raise Invalid("Some fields cannot be changed; schedule a new lesson instead.", refused)
        merged = {f: getattr(lesson, f) for f in EDITABLE}
        if "start_at" in values:
            merged["start_at"] = _aware(values["start_at"], "start_at")
        if "end_at" in values:
            merged["end_at"] = _aware(values["end_at"], "end_at")
        if "description" in values:
            merged["description"] = _text(values["description"], "description", MAX_DESCRIPTION)
        if "meeting_url" in values:
            merged["meeting_url"] = _meeting_url(values["meeting_url"])
        now = self._clock.now()
        check_times(merged["start_at"], merged["end_at"], now)
        changes = {f: v for f, v in merged.items() if v != getattr(lesson, f)}
        if not changes:
            return lesson
        if "start_at" in changes or "end_at" in changes:
            await self._no_overlap(
                lesson.teacher.id,
                lesson.student.id,
                merged["start_at"],
                merged["end_at"],
                lesson.id,
            )
        updated = await self._lessons.update(lesson_id, {**changes, "updated_by_id": actor.id})
        await self._lessons.record(
            lesson_id,
            "updated",
            actor.id,
            now,
            {f: [_shown(getattr(lesson, f)), _shown(v)] for f, v in sorted(changes.items())},
        )
        self._tell(updated, "lesson.updated")
        if "start_at" in changes or "end_at" in changes:
            # A new description or meeting link is seen on the lesson; a new time is news.
            notice = notices.lesson_moved(
                lesson_id=lesson_id,
                subject=updated.subject.name,
                teacher=updated.teacher.name,
                start_at=updated.start_at,
                end_at=updated.end_at,
                was_start_at=lesson.start_at,
                zone=self._zone,
            )
            await self._notify_family(actor, updated, notice)
        return updated

    async def cancel(self, actor: Principal, lesson_id: UUID, reason: str | None) -> Lesson:
        lesson = await self._writable(actor, lesson_id, "cancelled")
        reason = _text(reason, "reason", MAX_REASON)
        now = self._clock.now()
        if lesson.start_at - now < CANCEL_NOTICE:
            raise Conflict("A lesson can be cancelled only more than 2 hours before it starts.")
        cancelled = await self._lessons.update(
            lesson_id,
            {
                "status": LessonStatus.CANCELLED.value,
                "cancel_reason": reason,
                "updated_by_id": actor.id,
            },
        )
        await self._lessons.record(
            lesson_id,
            "cancelled",
            actor.id,
            now,
            {"status": ["scheduled", "cancelled"], "cancel_reason": [None, reason]},
        )
        self._tell(cancelled, "lesson.cancelled")
        notice = notices.lesson_cancelled(
            lesson_id=lesson_id,
            subject=cancelled.subject.name,
            teacher=cancelled.teacher.name,
            start_at=cancelled.start_at,
            end_at=cancelled.end_at,
            reason=reason,
            zone=self._zone,
        )
        await self._notify_family(actor, cancelled, notice)
        return cancelled

    async def complete(self, actor: Principal, lesson_id: UUID) -> Lesson:
        lesson = await self._owned(actor, lesson_id)
        if lesson.status is not LessonStatus.SCHEDULED:
            raise Conflict(f"The lesson is {lesson.status.value}; that is final.")
        now = self._clock.now()
        if now < lesson.start_at:
            raise Conflict("A lesson can be marked completed once it has started.")
        done = await self._lessons.update(
            lesson_id, {"status": LessonStatus.COMPLETED.value, "updated_by_id": actor.id}
        )
        await self._lessons.record(
            lesson_id, "completed", actor.id, now, {"status": ["scheduled", "completed"]}
        )
        self._tell(done, "lesson.updated")
        return done

    # ----- rules -----------------------------------------------------------------------------

    async def _owned(self, actor: Principal, lesson_id: UUID) -> Lesson:
        lesson = await self.get(actor, lesson_id)
        if actor.role is not Role.TEACHER or lesson.created_by_id != actor.id:
            raise Forbidden("Only the teacher who scheduled the lesson may change it.")
        return lesson

    async def _writable(self, actor: Principal, lesson_id: UUID, verb: str) -> Lesson:
        lesson = await self._owned(actor, lesson_id)
        if lesson.status is not LessonStatus.SCHEDULED:
            raise Conflict(f"The lesson is {lesson.status.value}; it can no longer be {verb}.")
        if self._clock.now() >= lesson.start_at:
            raise Conflict(f"The lesson has started; it can no longer be {verb}.")
        return lesson

    async def _no_overlap(
        self,
        teacher_id: UUID,
        student_id: UUID,
        start_at: datetime,
        end_at: datetime,
        exclude: UUID | None,
    ) -> None:
        other = await self._lessons.overlapping(
            teacher_id, student_id, start_at, end_at, exclude=exclude
        )
        if other is None:
            return
        whose = "the teacher" if other.teacher.id == teacher_id else "the student"
        start = other.start_at.astimezone(self._zone)
        end = other.end_at.astimezone(self._zone)
        raise Conflict(
            f"This time overlaps another lesson of {whose}: {other.subject.name} "
            f"({other.teacher.name} with {other.student.name}), "
            f"{start:%Y-%m-%d %H:%M} to {end:%H:%M} {start.tzname()}, lesson {other.id}."
        )

    async def _notify_family(self, actor: Principal, lesson: Lesson, notice: Notice) -> None:
        """The student and their parent; the teacher made the change and knows it."""
        await self._notifier.notify(
            [lesson.student.id, lesson.parent_id], notice, except_user=actor.id
        )

    def _tell(self, lesson: Lesson, event: str) -> None:
        """The student and their parent (and the teacher's other tabs), once committed."""
        people = [lesson.student.id, lesson.teacher.id]
        if lesson.parent_id is not None:
            people.append(lesson.parent_id)
        data = msgspec.to_builtins(_event(lesson))

        async def publish() -> None:
            await self._realtime.publish_to_users(people, event, data)

        self._transaction.after_commit(publish)


def _event(lesson: Lesson) -> dict[str, Any]:
    return {
        "id": lesson.id,
        "subject": lesson.subject.name,
        "teacher": lesson.teacher.name,
        "student_id": lesson.student.id,
        "start_at": lesson.start_at,
        "end_at": lesson.end_at,
        "status": lesson.status.value,
        "link": f"/lessons/{lesson.id}",
    }


def _shown(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def _visible_to(actor: Principal, query: LessonQuery) -> LessonQuery:
    narrowed: dict[str, Any] = {
        Role.STUDENT: {"visible_to_student": actor.id},
        Role.TEACHER: {"visible_to_teacher": actor.id},
        Role.TUTOR: {"visible_to_tutor": actor.id},
        Role.PARENT: {"visible_to_parent": actor.id},
        Role.ADMIN: {},
    }[actor.role]
    return msgspec.structs.replace(query, **narrowed)


def _may_see(actor: Principal, lesson: Lesson) -> bool:
    return {
        Role.ADMIN: True,
        Role.STUDENT: lesson.student.id == actor.id,
        Role.TEACHER: lesson.teacher.id == actor.id,
        Role.TUTOR: lesson.tutor_id == actor.id,
        Role.PARENT: lesson.parent_id == actor.id,
    }[actor.role]
