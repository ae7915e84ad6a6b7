"""Each dashboard belongs to its role alone."""

from __future__ import annotations

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.dashboards.models import (
    ParentDashboard,
    StudentDashboard,
    TeacherDashboard,
    TutorDashboard,
)
from thebot.domain.dashboards.ports import DashboardQueries
from thebot.domain.shared.errors import Forbidden
from thebot.domain.shared.ports import Clock


class DashboardService:
    def __init__(self, *, queries: DashboardQueries, clock: Clock) -> None:
        self._queries = queries
        self._clock = clock

    async def student(self, actor: Principal) -> StudentDashboard:
        _only(actor, Role.STUDENT)
        return await self._queries.student(actor.user, self._clock.now())

    async def teacher(self, actor: Principal) -> TeacherDashboard:
        _only(actor, Role.TEACHER)
        return await self._queries.teacher(actor.user, self._clock.now())

    async def tutor(self, actor: Principal) -> TutorDashboard:
        _only(actor, Role.TUTOR)
        return await self._queries.tutor(actor.user, self._clock.now())

    async def parent(self, actor: Principal) -> ParentDashboard:
        _only(actor, Role.PARENT)
        return await self._queries.parent(actor.user, self._clock.now())


def _only(actor: Principal, role: Role) -> None:
    if actor.role is not role:
        raise Forbidden(f"This dashboard is for the {role.value} role.")
