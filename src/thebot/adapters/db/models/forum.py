"""The forum: rooms tied to enrollments, their participants, messages, and the Pachca outbox."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import BigIntBase, UUIDv7AuditBase, UUIDv7Base
from advanced_alchemy.types import GUID, BigIntIdentity, DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

ROOM_KINDS = ("subject", "tutor", "parent_teacher", "parent_tutor")
OUTBOX_STATUSES = ("pending", "delivered", "failed")


class ChatRoomModel(UUIDv7AuditBase):
    __tablename__ = "chat_rooms"
    __table_args__ = (
        CheckConstraint(f"kind IN {ROOM_KINDS!r}", name="kind_known"),
        Index("ix_chat_rooms_enrollment_id", "enrollment_id"),
    )

    # "<kind>:<enrollment id>[:<parent id>]": the database, not a check, keeps rooms unique.
    room_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    enrollment_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("enrollments.id", ondelete="CASCADE")
    )
    subject_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("subjects.id", ondelete="CASCADE"))
    student_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    parent_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), default=None
    )
    title: Mapped[str] = mapped_column(String(400))
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False)
    last_message_at: Mapped[datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), default=None
    )


class ChatParticipantModel(UUIDv7Base):
    __tablename__ = "chat_participants"
    __table_args__ = (
        UniqueConstraint("room_id", "user_id"),
        Index("ix_chat_participants_user_active", "user_id", "left_at"),
    )

    room_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    user_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    # Someone who left (a replaced tutor, an unlinked parent) no longer reads the room.
    left_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    last_read_message_id: Mapped[int | None] = mapped_column(BigIntIdentity, default=None)
    # Messages from others after the read mark, not deleted: kept by every write that changes
    # it (send, read, delete, join), so chat lists and dashboards read it instead of counting.
    unread_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ChatMessageModel(BigIntBase):
    """Ids come from one sequence: they order messages and serve as paging cursors."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        UniqueConstraint("room_id", "sender_id", "client_id"),
        Index("ix_chat_messages_room_id_id", "room_id", "id"),
    )

    room_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    sender_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    content: Mapped[str] = mapped_column(Text)
    reply_to_id: Mapped[int | None] = mapped_column(
        BigIntIdentity, ForeignKey("chat_messages.id", ondelete="SET NULL"), default=None
    )
    client_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    edited_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class PachcaOutboxModel(UUIDv7Base):
    """A notification for the school's Pachca chat, written with its message, sent by a job."""

    __tablename__ = "pachca_outbox"
    __table_args__ = (
        CheckConstraint(f"status IN {OUTBOX_STATUSES!r}", name="status_known"),
        Index("ix_pachca_outbox_status_due", "status", "next_attempt_at"),
    )

    message_id: Mapped[int | None] = mapped_column(
        BigIntIdentity, ForeignKey("chat_messages.id", ondelete="SET NULL"), default=None
    )
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Attempts whose outcome Pachca left unknown (timeouts): each may have posted once.
    unknown_outcomes: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    # A claim by one delivery run; another run skips the row until the claim expires.
    claimed_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
