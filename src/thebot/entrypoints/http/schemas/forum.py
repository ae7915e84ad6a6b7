"""Forum chats and messages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from thebot.domain.forum.entities import (
    ChatSummary,
    LastMessage,
    Message,
    Person,
    ReadState,
    ReplyPreview,
    RoomKind,
)
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody

MessageId = Annotated[int, msgspec.Meta(ge=1)]
Content = Annotated[str, msgspec.Meta(max_length=20_000)]
ClientId = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


class PersonOut(ResponseBody):
    id: UUID
    name: str
    role: str

    @classmethod
    def of(cls, person: Person) -> PersonOut:
        return cls(id=person.id, name=person.name, role=person.role)


class SubjectRef(ResponseBody):
    id: UUID
    name: str


class LastMessageOut(ResponseBody):
    id: int
    sender_id: UUID | None
    sender_name: str | None
    content: str
    created_at: datetime
    is_deleted: bool

    @classmethod
    def of(cls, last: LastMessage) -> LastMessageOut:
        return cls(**msgspec.structs.asdict(last))


class ChatOut(ResponseBody):
    id: UUID
    kind: RoomKind
    title: str
    enrollment_id: UUID
    subject: SubjectRef
    participants: list[PersonOut]
    last_message: LastMessageOut | None
    unread_count: int
    last_read_message_id: int | None
    is_archived: bool

    @classmethod
    def of(cls, chat: ChatSummary) -> ChatOut:
        return cls(
            id=chat.id,
            kind=chat.kind,
            title=chat.title,
            enrollment_id=chat.enrollment_id,
            subject=SubjectRef(id=chat.subject_id, name=chat.subject_name),
            participants=[PersonOut.of(p) for p in chat.participants],
            last_message=LastMessageOut.of(chat.last_message) if chat.last_message else None,
            unread_count=chat.unread_count,
            last_read_message_id=chat.last_read_message_id,
            is_archived=chat.is_archived,
        )


class ChatPageOut(ResponseBody):
    items: list[ChatOut]
    total: int
    limit: int
    offset: int


class ReplyOut(ResponseBody):
    id: int
    sender_name: str | None
    excerpt: str
    is_deleted: bool

    @classmethod
    def of(cls, reply: ReplyPreview) -> ReplyOut:
        return cls(**msgspec.structs.asdict(reply))


class MessageOut(ResponseBody):
    """Also the ``data`` of the ``message.created`` and ``message.updated`` socket events."""

    id: int
    chat_id: UUID
    sender: PersonOut | None
    content: str
    reply_to: ReplyOut | None
    client_id: str | None
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None

    @classmethod
    def of(cls, message: Message) -> MessageOut:
        return cls(
            id=message.id,
            chat_id=message.chat_id,
            sender=PersonOut.of(message.sender) if message.sender else None,
            content=message.content,
            reply_to=ReplyOut.of(message.reply_to) if message.reply_to else None,
            client_id=message.client_id,
            created_at=message.created_at,
            edited_at=message.edited_at,
            deleted_at=message.deleted_at,
        )


class MessagePageOut(ResponseBody):
    items: list[MessageOut]
    next_before: int | None
    next_after: int | None


class MessageCreate(RequestBody):
    content: Content
    reply_to_id: MessageId | None = None
    client_id: ClientId | None = None


class MessageUpdate(RequestBody):
    content: Content


class ReadIn(RequestBody):
    up_to_message_id: MessageId


class ReadOut(ResponseBody):
    chat_id: UUID
    last_read_message_id: int | None
    unread_count: int

    @classmethod
    def of(cls, state: ReadState) -> ReadOut:
        return cls(
            chat_id=state.chat_id,
            last_read_message_id=state.last_read_message_id,
            unread_count=state.unread_count,
        )
