"""Notifications: stored per recipient, read newest first, pruned after their retention."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from thebot.adapters.db.models import NotificationModel, NotificationPreferenceModel, UserModel
from thebot.domain.notifications.entities import (
    Notice,
    Notification,
    NotificationKind,
    NotificationList,
    Preference,
)
from thebot.domain.shared.pagination import PageRequest

_N = NotificationModel
_P = NotificationPreferenceModel


class SqlNotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, recipients: Sequence[UUID], notice: Notice, now: datetime
    ) -> list[Notification]:
        muted = exists().where(
            _P.user_id == UserModel.id, _P.kind == notice.kind.value, _P.enabled.is_(False)
        )
        wanted = (
            await self._session.scalars(
                select(UserModel.id).where(
                    UserModel.id.in_(recipients), UserModel.is_active.is_(True), ~muted
                )
            )
        ).all()
        if not wanted:
            return []
        # In the callers' order, so that what is pushed follows who was named first.
        keep = set(wanted)
        rows = [
            _N(
                recipient_id=recipient,
                kind=notice.kind.value,
                title=notice.title,
                body=notice.body,
                link=notice.link,
                created_at=now,
            )
            for recipient in recipients
            if recipient in keep
        ]
        self._session.add_all(rows)
        await self._session.flush(rows)
        return [_entity(row) for row in rows]

    async def list_for(
        self, recipient_id: UUID, *, unread_only: bool, page: PageRequest
    ) -> NotificationList:
        mine = [_N.recipient_id == recipient_id]
        if unread_only:
            mine.append(_N.read_at.is_(None))
        unread = (
            select(func.count())
            .select_from(_N)
            .where(_N.recipient_id == recipient_id, _N.read_at.is_(None))
            .scalar_subquery()
        )
        rows = (
            await self._session.execute(
                select(_N, func.count().over(), unread)
                .where(*mine)
                .order_by(_N.created_at.desc(), _N.id.desc())
                .limit(page.limit)
                .offset(page.offset)
            )
        ).all()
        if rows:
            total, unread_count = int(rows[0][1]), int(rows[0][2])
        else:
            # Past the end (or nothing at all): both counts in one statement.
            total_of = select(func.count()).select_from(_N).where(*mine).scalar_subquery()
            counts = (await self._session.execute(select(total_of, unread))).one()
            total, unread_count = int(counts[0]), int(counts[1])
        return NotificationList(
            items=[_entity(row[0]) for row in rows],
            total=total,
            limit=page.limit,
            offset=page.offset,
            unread_count=unread_count,
        )

    async def mark_read(
        self, recipient_id: UUID, notification_id: UUID, at: datetime
    ) -> Notification | None:
        # One statement: a notification read before keeps its first read time.
        row = (
            await self._session.execute(
                update(_N)
                .where(_N.id == notification_id, _N.recipient_id == recipient_id)
                .values(read_at=func.coalesce(_N.read_at, at))
                .returning(_N)
                .execution_options(synchronize_session=False)
            )
        ).scalar_one_or_none()
        return None if row is None else _entity(row)

    async def mark_all_read(self, recipient_id: UUID, at: datetime) -> int:
        result: Any = await self._session.execute(
            update(_N)
            .where(_N.recipient_id == recipient_id, _N.read_at.is_(None))
            .values(read_at=at)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    async def mark_read_linked(self, recipient_id: UUID, link: str, at: datetime) -> int:
        result: Any = await self._session.execute(
            update(_N)
            .where(_N.recipient_id == recipient_id, _N.link == link, _N.read_at.is_(None))
            .values(read_at=at)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    async def preferences(self, user_id: UUID) -> dict[NotificationKind, bool]:
        chosen = select(_P.kind, _P.enabled).where(_P.user_id == user_id)
        rows = (await self._session.execute(chosen)).all()
        return {NotificationKind(kind): bool(enabled) for kind, enabled in rows}

    async def set_preferences(self, user_id: UUID, enabled: Collection[Preference]) -> None:
        values = [
            {"user_id": user_id, "kind": choice.kind.value, "enabled": choice.enabled}
            for choice in enabled
        ]
        postgres = self._session.get_bind().dialect.name == "postgresql"
        insert = pg_insert if postgres else sqlite_insert
        statement = insert(_P).values(values)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[_P.user_id, _P.kind],
                set_={"enabled": statement.excluded.enabled},
            )
        )

    async def prune_read(self, read_before: datetime) -> int:
        result: Any = await self._session.execute(
            delete(_N)
            .where(_N.read_at.is_not(None), _N.read_at < read_before)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)


def _entity(row: NotificationModel) -> Notification:
    return Notification(
        id=row.id,
        recipient_id=row.recipient_id,
        kind=NotificationKind(row.kind),
        title=row.title,
        body=row.body,
        link=row.link,
        created_at=row.created_at,
        read_at=row.read_at,
    )
