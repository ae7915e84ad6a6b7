"""Chat rooms, participants and messages."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

import msgspec

MAX_CONTENT = 4000
# Message ids are 64-bit (a bigint identity): a larger number names no message.
MAX_MESSAGE_ID = 2**63 - 1
EDIT_WINDOW_SECONDS = 15 * 60
EXCERPT = 200


def excerpt(text: str) -> str:
    """The start of a message, as previews show it."""
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


class RoomKind(StrEnum):
    SUBJECT = "subject"
    TUTOR = "tutor"
    PARENT_TEACHER = "parent_teacher"
    PARENT_TUTOR = "parent_tutor"


class Person(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    role: str


class Room(msgspec.Struct, frozen=True, kw_only=True):
    """What the rules need to know about one room and the person asking."""

    id: UUID
    kind: RoomKind
    enrollment_id: UUID
    subject_id: UUID
    subject_name: str
    title: str
    is_archived: bool
    participants: tuple[Person, ...]


class WantedRoom(msgspec.Struct, frozen=True, kw_only=True):
    """A room as the school's links say it should be; reconciled into the database."""

    key: str
    kind: RoomKind
    enrollment_id: UUID
    subject_id: UUID
    student_id: UUID
    parent_id: UUID | None
    title: str
    is_archived: bool
    members: tuple[UUID, ...]


class FamilyEnrollment(msgspec.Struct, frozen=True, kw_only=True):
    """One enrollment with the people its rooms are for (read in one statement)."""

    enrollment_id: UUID
    is_active: bool
    subject_id: UUID
    subject_name: str
    student: Person
    teacher: Person
    tutor: Person | None
    parent: Person | None


class LastMessage(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    sender_id: UUID | None
    sender_name: str | None
    content: str
    created_at: datetime
    is_deleted: bool


class ChatSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    kind: RoomKind
    title: str
    enrollment_id: UUID
    subject_id: UUID
    subject_name: str
    participants: tuple[Person, ...]
    last_message: LastMessage | None
    unread_count: int
    last_read_message_id: int | None
    is_archived: bool


class ReplyPreview(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    sender_name: str | None
    excerpt: str
    is_deleted: bool


class Message(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    chat_id: UUID
    sender: Person | None
    content: str
    reply_to: ReplyPreview | None
    client_id: str | None
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class NewMessage(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    sender_id: UUID
    content: str
    reply_to_id: int | None
    client_id: str | None
    created_at: datetime


class MessagePage(msgspec.Struct, frozen=True, kw_only=True):
    items: tuple[Message, ...]
    # Pass as ``before`` for the next older page; None when there is nothing older.
    next_before: int | None
    # Catching up (``after`` given): pass as ``after`` for the next newer page.
    next_after: int | None


class ReadState(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    user_id: UUID
    last_read_message_id: int | None
    unread_count: int
