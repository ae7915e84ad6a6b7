"""The audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import AuditEntryModel, UserModel
from thebot.domain.audit.entities import AuditEntry, AuditQuery, NewAuditEntry
from thebot.domain.shared.pagination import Page, PageRequest


class SqlAuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, entry: NewAuditEntry) -> None:
        self._session.add(
            AuditEntryModel(
                actor_id=entry.actor_id,
                action=entry.action,
                target_id=entry.target_id,
                changes=entry.changes,
                created_at=entry.at,
            )
        )
        await self._session.flush()

    async def record_many(self, entries: list[NewAuditEntry]) -> None:
        self._session.add_all(
            [
                AuditEntryModel(
                    actor_id=entry.actor_id,
                    action=entry.action,
                    target_id=entry.target_id,
                    changes=entry.changes,
                    created_at=entry.at,
                )
                for entry in entries
            ]
        )
        await self._session.flush()

    async def list(self, query: AuditQuery, page: PageRequest) -> Page[AuditEntry]:
        conditions: list[Any] = []
        if query.actor_id is not None:
            conditions.append(AuditEntryModel.actor_id == query.actor_id)
        if query.target_id is not None:
            conditions.append(AuditEntryModel.target_id == query.target_id)
        if query.action is not None:
            conditions.append(AuditEntryModel.action == query.action)
        total = await self._session.scalar(
            select(func.count()).select_from(AuditEntryModel).where(*conditions)
        )
        actor = aliased(UserModel)
        target = aliased(UserModel)
        rows = await self._session.execute(
            select(
                AuditEntryModel,
                actor.full_name.label("actor_name"),
                target.full_name.label("target_name"),
            )
            .outerjoin(actor, actor.id == AuditEntryModel.actor_id)
            .outerjoin(target, target.id == AuditEntryModel.target_id)
            .where(*conditions)
            .order_by(AuditEntryModel.created_at.desc(), AuditEntryModel.id.desc())
            .limit(page.limit)
            .offset(page.offset)
        )
        items = [
            AuditEntry(
                id=row.id,
                actor_id=row.actor_id,
                actor_name=actor_name,
                action=row.action,
                target_id=row.target_id,
                target_name=target_name,
                changes=row.changes,
                created_at=row.created_at,
            )
            for row, actor_name, target_name in rows
        ]
        return Page(items=items, total=int(total or 0), limit=page.limit, offset=page.offset)
