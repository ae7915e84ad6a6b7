"""The notification centre: one's own notifications and which kinds one receives.

There is no way to create a notification here: only the platform's own events do.
"""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK

from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import BEARER, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.paging import Limit, Offset
from thebot.entrypoints.http.schemas.notifications import (
    NotificationOut,
    NotificationPageOut,
    PreferencesOut,
    PreferencesUpdate,
    ReadAllOut,
)


class NotificationController(Controller):
    path = "/notifications"
    tags = ["notifications"]
    security = BEARER

    @get("", operation_id="listNotifications")
    async def list_notifications(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        unread: FromQuery[bool] = False,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> NotificationPageOut:
        """Own notifications, newest first (``unread=true``: only unread), with the unread
        count for the badge."""
        page = await container.notification_service(uow).inbox(
            principal, unread_only=unread, page=PageRequest(limit=limit, offset=offset)
        )
        return NotificationPageOut.of(page, container.settings.urls.app_path)

    @post(
        "/{notification_id:uuid}/read",
        operation_id="markNotificationRead",
        status_code=HTTP_200_OK,
    )
    async def mark_read(
        self,
        notification_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> NotificationOut:
        """Mark one of one's own notifications read (idempotent)."""
        marked = await container.notification_service(uow).mark_read(principal, notification_id)
        await uow.commit()
        return NotificationOut.of(marked, container.settings.urls.app_path)

    @post("/read-all", operation_id="markAllNotificationsRead", status_code=HTTP_200_OK)
    async def mark_all_read(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> ReadAllOut:
        """Mark every unread notification read."""
        marked = await container.notification_service(uow).mark_all_read(principal)
        await uow.commit()
        return ReadAllOut(marked=marked, unread_count=0)

    @get("/preferences", operation_id="getNotificationPreferences")
    async def preferences(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> PreferencesOut:
        """Every kind of notification and whether one receives it."""
        return PreferencesOut.of(await container.notification_service(uow).preferences(principal))

    @put("/preferences", operation_id="setNotificationPreferences")
    async def set_preferences(
        self,
        data: JSONBody[PreferencesUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> PreferencesOut:
        """Turn kinds on or off; the kinds left out keep their setting."""
        chosen = await container.notification_service(uow).set_preferences(
            principal, data.changes()
        )
        await uow.commit()
        return PreferencesOut.of(chosen)
