"""Reports and their recipients: pages built in a fixed number of statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import ReportModel, ReportRecipientModel, SubjectModel, UserModel
from thebot.domain.accounts.entities import Role
from thebot.domain.learning.reports import (
    Recipient,
    Report,
    ReportPage,
    ReportQuery,
    ReportStatus,
)
from thebot.domain.shared.errors import NotFound
from thebot.domain.shared.pagination import Page, PageRequest

_author = aliased(UserModel)
_student = aliased(UserModel)
_SENT = ReportModel.status == ReportStatus.SENT.value


def _with_names() -> Select[Any]:
    return (
        select(
            ReportModel,
            _author.full_name,
            _author.role,
            _student.full_name,
            SubjectModel.name,
        )
        .join(_author, _author.id == ReportModel.author_id)
        .join(_student, _student.id == ReportModel.student_id)
        .outerjoin(SubjectModel, SubjectModel.id == ReportModel.subject_id)
    )


def _received_by(user_id: UUID, *, unread_only: bool = False) -> Any:
    conditions = [
        ReportRecipientModel.report_id == ReportModel.id,
        ReportRecipientModel.recipient_id == user_id,
    ]
    if unread_only:
        conditions.append(ReportRecipientModel.read_at.is_(None))
    return exists().where(*conditions)


def _visible(query: ReportQuery) -> Any:
    viewer, role = query.viewer_id, query.viewer_role
    assert viewer is not None
    assert role is not None
    if role is Role.ADMIN:
        return or_(ReportModel.author_id == viewer, _SENT)
    if role is Role.STUDENT:
        return and_(_SENT, ReportModel.student_id == viewer)
    if role is Role.PARENT:
        return and_(_SENT, _received_by(viewer))
    return or_(ReportModel.author_id == viewer, and_(_SENT, _received_by(viewer)))


class SqlReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _recipients(self, report_ids: Iterable[UUID]) -> dict[UUID, list[Recipient]]:
        ids = list(report_ids)
        found: dict[UUID, list[Recipient]] = defaultdict(list)
        if not ids:
            return found
        rows = await self._session.execute(
            select(
                ReportRecipientModel.report_id,
                ReportRecipientModel.recipient_id,
                UserModel.full_name,
                UserModel.role,
                ReportRecipientModel.read_at,
            )
            .join(UserModel, UserModel.id == ReportRecipientModel.recipient_id)
            .where(ReportRecipientModel.report_id.in_(ids))
            .order_by(UserModel.role, UserModel.last_name)
        )
        for report_id, user_id, name, role, read_at in rows:
            found[report_id].append(
                Recipient(user_id=user_id, name=name, role=Role(role), read_at=read_at)
            )
        return found

    @staticmethod
    def _to_report(row: Any, recipients: list[Recipient]) -> Report:
        model, author_name, author_role, student_name, subject_name = row
        return Report(
            id=model.id,
            author_id=model.author_id,
            author_name=author_name,
            author_role=Role(author_role),
            student_id=model.student_id,
            student_name=student_name,
            subject_id=model.subject_id,
            subject_name=subject_name,
            period_start=model.period_start,
            period_end=model.period_end,
            title=model.title,
            summary=model.summary,
            achievements=model.achievements,
            concerns=model.concerns,
            recommendations=model.recommendations,
            progress_percentage=model.progress_percentage,
            attendance_percentage=model.attendance_percentage,
            status=ReportStatus(model.status),
            sent_at=model.sent_at,
            created_at=model.created_at,
            updated_at=model.updated_at,
            recipients=tuple(recipients),
        )

    async def add(
        self, author_id: UUID, values: Mapping[str, Any], recipient_ids: list[UUID]
    ) -> Report:
        row = ReportModel(author_id=author_id, **values)
        self._session.add(row)
        await self._session.flush()
        await self._set_recipients(row.id, recipient_ids)
        return await self.get(row.id)

    async def _set_recipients(self, report_id: UUID, recipient_ids: list[UUID]) -> None:
        await self._session.execute(
            delete(ReportRecipientModel).where(ReportRecipientModel.report_id == report_id)
        )
        if recipient_ids:
            await self._session.execute(
                insert(ReportRecipientModel),
                [{"report_id": report_id, "recipient_id": rid} for rid in recipient_ids],
            )

    async def get(self, report_id: UUID) -> Report:
        row = (
            await self._session.execute(
                _with_names()
                .where(ReportModel.id == report_id)
                .execution_options(populate_existing=True)
            )
        ).one_or_none()
        if row is None:
            raise NotFound("Report not found.")
        recipients = await self._recipients([report_id])
        return self._to_report(row, recipients.get(report_id, []))

    async def find(self, query: ReportQuery, page: PageRequest) -> ReportPage:
        conditions: list[Any] = [_visible(query)]
        if query.student_id is not None:
            conditions.append(ReportModel.student_id == query.student_id)
        if query.subject_id is not None:
            conditions.append(ReportModel.subject_id == query.subject_id)
        if query.status is not None:
            conditions.append(ReportModel.status == query.status.value)
        if query.period_from is not None:
            conditions.append(ReportModel.period_end >= query.period_from)
        if query.period_to is not None:
            conditions.append(ReportModel.period_start <= query.period_to)
        assert query.viewer_id is not None
        if query.unread:
            conditions.append(and_(_SENT, _received_by(query.viewer_id, unread_only=True)))
        total = await self._session.scalar(
            select(func.count()).select_from(ReportModel).where(*conditions)
        )
        rows = (
            await self._session.execute(
                _with_names()
                .where(*conditions)
                .order_by(
                    func.coalesce(ReportModel.sent_at, ReportModel.created_at).desc(),
                    ReportModel.id.desc(),
                )
                .limit(page.limit)
                .offset(page.offset)
                .execution_options(populate_existing=True)
            )
        ).all()
        recipients = await self._recipients(row[0].id for row in rows)
        unread = await self._session.scalar(
            select(func.count())
            .select_from(ReportRecipientModel)
            .join(ReportModel, ReportModel.id == ReportRecipientModel.report_id)
            .where(
                ReportRecipientModel.recipient_id == query.viewer_id,
                ReportRecipientModel.read_at.is_(None),
                _SENT,
            )
        )
        items = [self._to_report(row, recipients.get(row[0].id, [])) for row in rows]
        return ReportPage(
            page=Page(items=items, total=int(total or 0), limit=page.limit, offset=page.offset),
            unread_count=int(unread or 0),
        )

    async def update(
        self, report_id: UUID, values: Mapping[str, Any], recipient_ids: list[UUID] | None
    ) -> Report:
        if values:
            await self._session.execute(
                update(ReportModel)
                .where(ReportModel.id == report_id)
                .values(**values, updated_at=datetime.now(UTC))
            )
        if recipient_ids is not None:
            await self._set_recipients(report_id, recipient_ids)
        return await self.get(report_id)

    async def delete(self, report_id: UUID) -> None:
        await self._session.execute(delete(ReportModel).where(ReportModel.id == report_id))

    async def mark_read(self, report_id: UUID, recipient_id: UUID, at: datetime) -> None:
        await self._session.execute(
            update(ReportRecipientModel)
            .where(
                ReportRecipientModel.report_id == report_id,
                ReportRecipientModel.recipient_id == recipient_id,
                ReportRecipientModel.read_at.is_(None),
            )
            .values(read_at=at)
        )
