"""Notifying people of the platform's own events, and their notification centre.

``Notifier`` is what every other service calls, inside its own transaction, when something
happens that someone should hear about; the notifications are stored with the event and pushed
to the recipients' sockets only once the transaction has committed. Nobody can notify anyone
through the API: ``NotificationService`` only reads, marks read and sets preferences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Principal
from thebot.domain.notifications.entities import (
    Notice,
    Notification,
    NotificationKind,
    NotificationList,
    Preference,
)
from thebot.domain.notifications.ports import NotificationRepository
from thebot.domain.shared.errors import FieldError, Invalid, NotFound
from thebot.domain.shared.pagination import PageRequest
from thebot.domain.shared.ports import AfterCommit, Clock, RealtimePublisher

EVENT = "notification"
MAX_TITLE = 200
MAX_BODY = 1_000


class OnlineUsers(Protocol):
    async def online(self, user_ids: Sequence[UUID]) -> set[UUID]: ...


class Notifier:
    """Stores and delivers notices for the services whose events they are."""

    def __init__(
        self,
        *,
        notifications: NotificationRepository,
        realtime: RealtimePublisher,
        transaction: AfterCommit,
        clock: Clock,
        presence: OnlineUsers,
        absolute_url: Callable[[str], str],
    ) -> None:
        self._notifications = notifications
        self._absolute_url = absolute_url
        self._realtime = realtime
        self._transaction = transaction
        self._clock = clock
        self._presence = presence

    async def notify(
        self,
        recipients: Iterable[UUID | None],
        notice: Notice,
        *,
        except_user: UUID | None = None,
        only_offline: bool = False,
    ) -> list[Notification]:
        """Notify each recipient once (``None`` and ``except_user`` — usually the actor — are
        skipped). ``only_offline`` leaves out whoever has a socket open: they see the event live."""
        people = list(dict.fromkeys(r for r in recipients if r is not None and r != except_user))
        if only_offline and people:
            online = await self._presence.online(people)
            people = [person for person in people if person not in online]
        if not people:
            return []
        notice = msgspec.structs.replace(
            notice, title=_clip(notice.title, MAX_TITLE), body=_clip(notice.body, MAX_BODY)
        )
        stored = await self._notifications.add(people, notice, self._clock.now())
        if stored:
            self._transaction.after_commit(lambda: self._push(stored))
        return stored

    async def settle(self, recipient_id: UUID, link: str) -> int:
        """The recipient has seen what ``link`` points at (a report they opened): its unread
        notifications are read now; how many were."""
        return await self._notifications.mark_read_linked(recipient_id, link, self._clock.now())

    async def _push(self, stored: list[Notification]) -> None:
        for notification in stored:
            data = msgspec.to_builtins(notification)
            data["url"] = self._absolute_url(notification.link)
            await self._realtime.publish_to_users([notification.recipient_id], EVENT, data)


class NotificationService:
    """A user's own notification centre."""

    def __init__(self, *, notifications: NotificationRepository, clock: Clock) -> None:
        self._notifications = notifications
        self._clock = clock

    async def inbox(
        self, actor: Principal, *, unread_only: bool = False, page: PageRequest
    ) -> NotificationList:
        return await self._notifications.list_for(actor.id, unread_only=unread_only, page=page)

    async def mark_read(self, actor: Principal, notification_id: UUID) -> Notification:
        marked = await self._notifications.mark_read(actor.id, notification_id, self._clock.now())
        if marked is None:
            raise NotFound("Notification not found")
        return marked

    async def mark_all_read(self, actor: Principal) -> int:
        return await self._notifications.mark_all_read(actor.id, self._clock.now())

    async def preferences(self, actor: Principal) -> list[Preference]:
        chosen = await self._notifications.preferences(actor.id)
        return [Preference(kind=kind, enabled=chosen.get(kind, True)) for kind in NotificationKind]

    async def set_preferences(
        self, actor: Principal, changes: Sequence[Preference]
    ) -> list[Preference]:
        kinds = [change.kind for change in changes]
        if len(set(kinds)) != len(kinds):
            raise Invalid(
                "Invalid preferences", [FieldError("kinds", "each kind may appear only once")]
            )
        if changes:
            await self._notifications.set_preferences(actor.id, changes)
        return await self.preferences(actor)

    async def prune(self, retention_days: int) -> int:
        """Delete read notifications older than the retention; unread ones are always kept."""
        cutoff: datetime = self._clock.now() - timedelta(days=retention_days)
        return await self._notifications.prune_read(cutoff)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
