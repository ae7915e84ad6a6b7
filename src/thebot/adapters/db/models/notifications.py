"""In-app notifications and the kinds each user has turned off."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import DefaultBase, UUIDv7Base
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import Boolean, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

UNREAD = "read_at IS NULL"


class NotificationModel(UUIDv7Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # The centre's page, newest first.
        Index("ix_notifications_recipient_created", "recipient_id", "created_at"),
        # The unread badge and the unread filter read only unread rows.
        Index(
            "ix_notifications_unread",
            "recipient_id",
            "created_at",
            postgresql_where=text(UNREAD),
            sqlite_where=text(UNREAD),
        ),
        # The retention job deletes by read time.
        Index("ix_notifications_read_at", "read_at"),
    )

    recipient_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class NotificationPreferenceModel(DefaultBase):
    __tablename__ = "notification_preferences"

    user_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
