"""The notification centre."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from thebot.domain.notifications.entities import (
    Notification,
    NotificationKind,
    NotificationList,
    Preference,
)
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody


class NotificationOut(ResponseBody):
    id: UUID
    kind: NotificationKind
    title: str
    body: str
    # The web app's path of the object (``/lessons/{id}``) and the same as an absolute URL of
    # this environment (for e-mail or a copied link).
    link: str
    url: str
    created_at: datetime
    read_at: datetime | None
    is_read: bool

    @classmethod
    def of(cls, notification: Notification, absolute: Callable[[str], str]) -> NotificationOut:
        return cls(
            id=notification.id,
            kind=notification.kind,
            title=notification.title,
            body=notification.body,
            link=notification.link,
            url=absolute(notification.link),
            created_at=notification.created_at,
            read_at=notification.read_at,
            is_read=notification.read_at is not None,
        )


class NotificationPageOut(ResponseBody):
    items: list[NotificationOut]
    total: int
    limit: int
    offset: int
    unread_count: int

    @classmethod
    def of(cls, page: NotificationList, absolute: Callable[[str], str]) -> NotificationPageOut:
        return cls(
            items=[NotificationOut.of(item, absolute) for item in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
            unread_count=page.unread_count,
        )


class ReadAllOut(ResponseBody):
    marked: int
    unread_count: int


class PreferenceBody(RequestBody):
    kind: NotificationKind
    enabled: bool


class PreferencesUpdate(RequestBody):
    """The kinds to change; kinds left out keep their setting."""

    kinds: list[PreferenceBody]

    def changes(self) -> list[Preference]:
        return [Preference(kind=item.kind, enabled=item.enabled) for item in self.kinds]


class PreferenceOut(ResponseBody):
    kind: NotificationKind
    enabled: bool


class PreferencesOut(ResponseBody):
    """Every kind and whether it is received. Notifications are delivered in the app (the
    notification centre and the live socket); there is no other channel yet."""

    kinds: list[PreferenceOut]

    @classmethod
    def of(cls, preferences: list[Preference]) -> PreferencesOut:
        return cls(kinds=[PreferenceOut(kind=p.kind, enabled=p.enabled) for p in preferences])
