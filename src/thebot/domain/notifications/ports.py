"""What the notification services need from storage."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from thebot.domain.notifications.entities import (
    Notice,
    Notification,
    NotificationKind,
    NotificationList,
    Preference,
)
from thebot.domain.shared.pagination import PageRequest


class NotificationRepository(Protocol):
    async def add(
        self, recipients: Sequence[UUID], notice: Notice, now: datetime
    ) -> list[Notification]:
        """Store ``notice`` once for each active recipient who has not turned its kind off;
        returns what was stored."""
        ...

    async def list_for(
        self, recipient_id: UUID, *, unread_only: bool, page: PageRequest
    ) -> NotificationList:
        """Newest first, with the total of the filter and the recipient's unread count."""
        ...

    async def mark_read(
        self, recipient_id: UUID, notification_id: UUID, at: datetime
    ) -> Notification | None:
        """Mark one of the recipient's own notifications read (kept when already read);
        None when it is not theirs or does not exist."""
        ...

    async def mark_all_read(self, recipient_id: UUID, at: datetime) -> int:
        """Mark every unread notification of the recipient read; how many were."""
        ...

    async def mark_read_linked(self, recipient_id: UUID, link: str, at: datetime) -> int:
        """Mark read the recipient's unread notifications that point at ``link``; how many
        were."""
        ...

    async def preferences(self, user_id: UUID) -> dict[NotificationKind, bool]:
        """The kinds the user has set (the others are on)."""
        ...

    async def set_preferences(self, user_id: UUID, enabled: Collection[Preference]) -> None: ...

    async def prune_read(self, read_before: datetime) -> int:
        """Delete notifications read before ``read_before``; how many were."""
        ...
