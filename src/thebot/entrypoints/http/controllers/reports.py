"""Progress reports: written by teachers and tutors, read by tutors, parents and the student."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from thebot.domain.learning.reports import ReportQuery, ReportStatus
from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import BEARER, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.paging import Limit, Offset
from thebot.entrypoints.http.schemas.people import given
from thebot.entrypoints.http.schemas.reports import (
    ReportCreate,
    ReportOut,
    ReportPageOut,
    ReportUpdate,
)


class ReportController(Controller):
    path = "/reports"
    tags = ["learning"]
    security = BEARER

    @get("", operation_id="listReports")
    async def list_reports(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        student_id: FromQuery[UUID | None] = None,
        subject_id: FromQuery[UUID | None] = None,
        status: FromQuery[ReportStatus | None] = None,
        unread: FromQuery[bool | None] = None,
        period_from: FromQuery[date | None] = None,
        period_to: FromQuery[date | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> ReportPageOut:
        """Reports one wrote, received, or (a student) that are about oneself; newest first."""
        result = await container.report_service(uow).list_reports(
            principal,
            ReportQuery(
                student_id=student_id,
                subject_id=subject_id,
                status=status,
                unread=unread,
                period_from=period_from,
                period_to=period_to,
            ),
            PageRequest(limit=limit, offset=offset),
        )
        return ReportPageOut(
            items=[ReportOut.of(r, principal.id) for r in result.page.items],
            total=result.page.total,
            limit=result.page.limit,
            offset=result.page.offset,
            unread_count=result.unread_count,
        )

    @post("", operation_id="createReport", status_code=HTTP_201_CREATED)
    async def create_report(
        self,
        data: JSONBody[ReportCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> ReportOut:
        """Write a report about one's student; ``send: true`` delivers it at once."""
        values = given(data, leave_out=("send",))
        report = await container.report_service(uow).create(principal, values, data.send)
        await uow.commit()
        return ReportOut.of(report, principal.id)

    @get("/{report_id:uuid}", operation_id="getReport")
    async def get_report(
        self,
        report_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> ReportOut:
        """One report."""
        report = await container.report_service(uow).get(principal, report_id)
        return ReportOut.of(report, principal.id)

    @patch("/{report_id:uuid}", operation_id="updateReport")
    async def update_report(
        self,
        report_id: FromPath[UUID],
        data: JSONBody[ReportUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> ReportOut:
        """Change a draft (its author only); a sent report is fixed."""
        report = await container.report_service(uow).update(principal, report_id, given(data))
        await uow.commit()
        return ReportOut.of(report, principal.id)

    @delete("/{report_id:uuid}", operation_id="deleteReport", status_code=HTTP_204_NO_CONTENT)
    async def delete_report(
        self,
        report_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Delete a draft."""
        await container.report_service(uow).delete(principal, report_id)
        await uow.commit()

    @post("/{report_id:uuid}/send", operation_id="sendReport", status_code=HTTP_200_OK)
    async def send_report(
        self,
        report_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> ReportOut:
        """Deliver a draft to its recipients; from now on it cannot change."""
        report = await container.report_service(uow).send(principal, report_id)
        await uow.commit()
        return ReportOut.of(report, principal.id)

    @post("/{report_id:uuid}/read", operation_id="markReportRead", status_code=HTTP_200_OK)
    async def mark_read(
        self,
        report_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> ReportOut:
        """Mark a received report read (idempotent)."""
        report = await container.report_service(uow).mark_read(principal, report_id)
        await uow.commit()
        return ReportOut.of(report, principal.id)
