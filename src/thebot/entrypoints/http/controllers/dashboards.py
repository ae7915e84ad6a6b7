"""Each role's home screen in one request."""

from __future__ import annotations

from litestar import Controller, get

from thebot.domain.dashboards.models import (
    ParentDashboard,
    StudentDashboard,
    TeacherDashboard,
    TutorDashboard,
)
from thebot.entrypoints.http.deps import (
    BEARER,
    READ_ONLY,
    ContainerDep,
    PrincipalDep,
    UowDep,
)


class DashboardController(Controller):
    path = "/dashboard"
    tags = ["dashboards"]
    security = BEARER
    opt = READ_ONLY  # dashboards only read

    @get("/student", operation_id="getStudentDashboard")
    async def student(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> StudentDashboard:
        """Subjects, current materials with progress, homework due and graded, activity."""
        return await container.dashboard_service(uow).student(principal)

    @get("/teacher", operation_id="getTeacherDashboard")
    async def teacher(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> TeacherDashboard:
        """Counters, work to grade, students with their completion, materials, reports."""
        return await container.dashboard_service(uow).teacher(principal)

    @get("/tutor", operation_id="getTutorDashboard")
    async def tutor(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> TutorDashboard:
        """Own students with parents, subjects, teachers, progress and last report; statistics."""
        return await container.dashboard_service(uow).tutor(principal)

    @get("/parent", operation_id="getParentDashboard")
    async def parent(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> ParentDashboard:
        """Each child's tutor, subjects, teachers and progress; unread reports; statistics."""
        return await container.dashboard_service(uow).parent(principal)
