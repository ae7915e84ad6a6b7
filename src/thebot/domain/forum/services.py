"""The forum's use cases: rooms kept in step with the school, and messaging in them."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Principal
from thebot.domain.forum.entities import (
    EDIT_WINDOW_SECONDS,
    MAX_CONTENT,
    MAX_MESSAGE_ID,
    ChatSummary,
    Message,
    MessagePage,
    NewMessage,
    ReadState,
    ReplyPreview,
    Room,
    excerpt,
)
from thebot.domain.forum.pachca import pachca_text
from thebot.domain.forum.ports import ChatRepository, PachcaOutbox
from thebot.domain.forum.rooms import plan
from thebot.domain.learning.entities import Enrollment
from thebot.domain.notifications import notices
from thebot.domain.notifications.services import Notifier
from thebot.domain.shared.errors import Conflict, Forbidden, Invalid, NotFound
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import AfterCommit, Clock, JobQueue, RealtimePublisher

CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
MAX_PAGE = 100
PACHCA_JOB = "deliver_pachca"


class RoomSync:
    """Re-plans the rooms of the students concerned whenever a cause changes; idempotent.

    It is both an enrollment hook and a student-links hook, called in the cause's transaction.
    """

    def __init__(self, *, chats: ChatRepository, clock: Clock) -> None:
        self._chats = chats
        self._clock = clock

    async def sync(self, student_ids: Collection[UUID]) -> None:
        ids = set(student_ids)
        family = await self._chats.family_enrollments(ids)
        existing = await self._chats.existing_rooms(ids)
        await self._chats.apply(plan(family, existing), self._clock.now())

    async def enrolled(self, enrollment: Enrollment) -> None:
        await self.sync([enrollment.student_id])

    async def ended(self, enrollment: Enrollment) -> None:
        await self.sync([enrollment.student_id])

    async def links_changed(self, student_ids: Sequence[UUID]) -> None:
        await self.sync(student_ids)


def _content(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid.field("content", "must be text")
    text = value.strip()
    if not text:
        raise Invalid.field("content", "must not be empty")
    if len(text) > MAX_CONTENT:
        raise Invalid.field("content", f"must be at most {MAX_CONTENT} characters")
    return text


class ForumService:
    def __init__(
        self,
        *,
        chats: ChatRepository,
        outbox: PachcaOutbox | None,
        realtime: RealtimePublisher,
        transaction: AfterCommit,
        notifier: Notifier,
        jobs: JobQueue,
        clock: Clock,
    ) -> None:
        self._chats = chats
        self._outbox = outbox
        self._realtime = realtime
        self._transaction = transaction
        self._notifier = notifier
        self._jobs = jobs
        self._clock = clock

    # ----- reading ---------------------------------------------------------------------------

    async def list_chats(
        self, actor: Principal, page: PageRequest, *, include_archived: bool = True
    ) -> Page[ChatSummary]:
        return await self._chats.list_chats(actor.id, page, include_archived=include_archived)

    async def room(self, actor: Principal, chat_id: UUID) -> Room:
        """The room, for one of its current participants; anyone else is told it does not exist."""
        room = await self._chats.room_for(chat_id, actor.id)
        if room is None:
            raise NotFound("Chat not found.")
        return room

    async def messages(
        self,
        actor: Principal,
        chat_id: UUID,
        *,
        before: int | None = None,
        after: int | None = None,
        limit: int = 50,
    ) -> MessagePage:
        """History newest first (``before`` pages back), or what came after a message
        (``after``, oldest first: a reconnecting client catches up with no gap)."""
        if not 1 <= limit <= MAX_PAGE:
            raise Invalid.field("limit", f"must be between 1 and {MAX_PAGE}")
        if before is not None and not 1 <= before <= MAX_MESSAGE_ID:
            raise Invalid.field("before", "must be a message id")
        if after is not None and not 0 <= after <= MAX_MESSAGE_ID:
            raise Invalid.field("after", "must be a message id, or 0 for the very first")
        if before is not None and after is not None:
            raise Invalid.field("after", "give before or after, not both")
        await self.room(actor, chat_id)
        return await self._chats.messages(chat_id, before=before, after=after, limit=limit)

    # ----- writing ---------------------------------------------------------------------------

    async def send(
        self,
        actor: Principal,
        chat_id: UUID,
        *,
        content: Any,
        reply_to_id: int | None = None,
        client_id: str | None = None,
    ) -> tuple[Message, bool]:
        """Post a message; a retry with the same ``client_id`` returns the first one, unsent
        again (the boolean says whether this call created it)."""
        room = await self.room(actor, chat_id)
        if client_id is not None and not CLIENT_ID.match(client_id):
            raise Invalid.field("client_id", "must be 1-64 letters, digits or . _ : -")
        if client_id is not None:
            earlier = await self._chats.by_client_id(chat_id, actor.id, client_id)
            if earlier is not None:
                return earlier, False
        text = _content(content)
        if room.is_archived:
            raise Conflict("This chat is archived: it can be read but takes no new messages.")
        reply = None
        if reply_to_id is not None:
            replied = await self._chats.message(chat_id, reply_to_id)
            if replied is None:
                raise Invalid.field("reply_to_id", "must be a message of this chat")
            reply = ReplyPreview(
                id=replied.id,
                sender_name=replied.sender.name if replied.sender else None,
                excerpt=excerpt(replied.content),
                is_deleted=replied.deleted_at is not None,
            )
        sender = next(p for p in room.participants if p.id == actor.id)
        try:
            message = await self._chats.add_message(
                NewMessage(
                    chat_id=chat_id,
                    sender_id=actor.id,
                    content=text,
                    reply_to_id=reply_to_id,
                    client_id=client_id,
                    created_at=self._clock.now(),
                ),
                sender,
                reply,
            )
        except Conflict:
            # The same client_id, sent concurrently: the other request stored it.
            assert client_id is not None
            earlier = await self._chats.by_client_id(chat_id, actor.id, client_id)
            if earlier is None:
                raise
            return earlier, False
        if self._outbox is not None:
            others = [p.name for p in room.participants if p.id != actor.id]
            await self._outbox.add(
                message.id,
                pachca_text(room.subject_name, sender.name, others, text),
                message.created_at,
            )
            self._transaction.after_commit(self._deliver_pachca)
        self._publish(room, "message.created", msgspec.to_builtins(message))
        # Whoever has a socket open sees the message arrive; the others find it noted.
        notice = notices.chat_message(
            chat_id=chat_id, sender=sender.name, subject=room.subject_name, excerpt=excerpt(text)
        )
        await self._notifier.notify(
            [p.id for p in room.participants], notice, except_user=actor.id, only_offline=True
        )
        return message, True

    async def edit(self, actor: Principal, chat_id: UUID, message_id: int, content: Any) -> Message:
        room, message = await self._own_recent(actor, chat_id, message_id, "edited")
        text = _content(content)
        if text == message.content:
            return message
        edited = await self._chats.edit_message(message_id, text, self._clock.now())
        self._publish(room, "message.updated", msgspec.to_builtins(edited))
        return edited

    async def delete(self, actor: Principal, chat_id: UUID, message_id: int) -> None:
        room, _ = await self._own_recent(actor, chat_id, message_id, "deleted")
        deleted = await self._chats.delete_message(message_id, self._clock.now())
        self._publish(room, "message.updated", msgspec.to_builtins(deleted))

    async def read(self, actor: Principal, chat_id: UUID, up_to_message_id: int) -> ReadState:
        room = await self.room(actor, chat_id)
        if await self._chats.message(chat_id, up_to_message_id) is None:
            raise Invalid.field("up_to_message_id", "must be a message of this chat")
        state = await self._chats.mark_read(chat_id, actor.id, up_to_message_id)
        self._publish(
            room,
            "message.read",
            {
                "chat_id": str(chat_id),
                "user_id": str(actor.id),
                "up_to_message_id": state.last_read_message_id,
            },
        )
        return state

    async def typing(self, actor: Principal, chat_id: UUID) -> None:
        """Tell the room's other participants that the actor is typing (no storage)."""
        room = await self.room(actor, chat_id)
        if room.is_archived:
            return
        others = [p.id for p in room.participants if p.id != actor.id]
        name = next((p.name for p in room.participants if p.id == actor.id), "")
        await self._realtime.publish_to_users(
            others, "typing", {"chat_id": str(chat_id), "user_id": str(actor.id), "name": name}
        )

    async def peers(self, actor: Principal) -> set[UUID]:
        return await self._chats.peers(actor.id)

    # ----- rules and events ------------------------------------------------------------------

    async def _own_recent(
        self, actor: Principal, chat_id: UUID, message_id: int, verb: str
    ) -> tuple[Room, Message]:
        room = await self.room(actor, chat_id)
        message = await self._chats.message(chat_id, message_id)
        if message is None:
            raise NotFound("Message not found.")
        if message.sender is None or message.sender.id != actor.id:
            raise Forbidden(f"Only its author may have a message {verb}.")
        if message.deleted_at is not None:
            raise Conflict("The message was deleted.")
        if room.is_archived:
            raise Conflict("This chat is archived: its messages can no longer change.")
        age = (self._clock.now() - message.created_at).total_seconds()
        if age > EDIT_WINDOW_SECONDS:
            raise Conflict(
                f"A message can be {verb} only within {EDIT_WINDOW_SECONDS // 60} minutes."
            )
        return room, message

    def _publish(self, room: Room, event: str, data: dict[str, Any]) -> None:
        """Tell the room's participants (the actor's other tabs too), once committed."""
        participants = [p.id for p in room.participants]

        async def publish() -> None:
            await self._realtime.publish_to_users(participants, event, data)

        self._transaction.after_commit(publish)

    async def _deliver_pachca(self) -> None:
        await self._jobs.enqueue(PACHCA_JOB, key=PACHCA_JOB)
