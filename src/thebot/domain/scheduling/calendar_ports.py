"""What calendar feeds need from storage."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from thebot.domain.accounts.entities import Role

if TYPE_CHECKING:
    from thebot.domain.scheduling.calendar import CalendarLesson, FeedOwner


class CalendarFeeds(Protocol):
    """Feed generations: a user without a stored one is at generation 1."""

    async def generation(self, user_id: UUID) -> int: ...

    async def rotate(self, user_id: UUID, now: datetime) -> int:
        """Raise the user's generation by one (atomically) and return the new one."""
        ...

    async def owner(self, user_id: UUID) -> FeedOwner | None:
        """The user with their current generation, in one statement; None when unknown."""
        ...


class CalendarLessons(Protocol):
    async def for_feed(
        self, user_id: UUID, role: Role, start: datetime, end: datetime
    ) -> list[CalendarLesson]:
        """The lessons of the user's feed starting in [start, end), by start, in one statement:
        a student's and a teacher's own, a parent's children's, a tutor's students'."""
        ...
