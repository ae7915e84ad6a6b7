"""The read side behind the dashboards: set-based queries, a fixed number per dashboard."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from thebot.domain.accounts.entities import User
from thebot.domain.dashboards.models import (
    ParentDashboard,
    StudentDashboard,
    TeacherDashboard,
    TutorDashboard,
)


class DashboardQueries(Protocol):
    async def student(self, user: User, now: datetime) -> StudentDashboard: ...

    async def teacher(self, user: User, now: datetime) -> TeacherDashboard: ...

    async def tutor(self, user: User, now: datetime) -> TutorDashboard: ...

    async def parent(self, user: User, now: datetime) -> ParentDashboard: ...
