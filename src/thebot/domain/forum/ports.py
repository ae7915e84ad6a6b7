"""What the forum needs from the outside: its tables, the Pachca outbox and Pachca itself."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from thebot.domain.forum.entities import (
    ChatSummary,
    FamilyEnrollment,
    Message,
    MessagePage,
    NewMessage,
    Person,
    ReadState,
    ReplyPreview,
    Room,
)
from thebot.domain.forum.rooms import ExistingRoom, RoomChanges
from thebot.domain.shared.pagination import Page, PageRequest


class ChatRepository(Protocol):
    # ----- rooms, reconciled with the school's links ---------------------------------------

    async def family_enrollments(self, student_ids: Collection[UUID]) -> list[FamilyEnrollment]:
        """Every enrollment of these students, with student, teacher, tutor and parent."""
        ...

    async def existing_rooms(self, student_ids: Collection[UUID]) -> list[ExistingRoom]:
        """Every room of these students, with its participants (current and former)."""
        ...

    async def apply(self, changes: RoomChanges, now: datetime) -> None:
        """Insert, update and re-staff rooms; inserting a room that exists changes nothing."""
        ...

    # ----- reading ---------------------------------------------------------------------------

    async def room_for(self, chat_id: UUID, user_id: UUID) -> Room | None:
        """The room when ``user_id`` is one of its current participants, otherwise None."""
        ...

    async def list_chats(
        self, user_id: UUID, page: PageRequest, *, include_archived: bool
    ) -> Page[ChatSummary]: ...

    async def messages(
        self, chat_id: UUID, *, before: int | None, after: int | None, limit: int
    ) -> MessagePage:
        """Newest first below ``before``; or, given ``after``, oldest first above it."""
        ...

    async def message(self, chat_id: UUID, message_id: int) -> Message | None: ...

    async def by_client_id(
        self, chat_id: UUID, sender_id: UUID, client_id: str
    ) -> Message | None: ...

    async def peers(self, user_id: UUID) -> set[UUID]:
        """Everyone who shares a room with ``user_id`` (for presence)."""
        ...

    # ----- writing ---------------------------------------------------------------------------

    async def add_message(
        self, message: NewMessage, sender: Person, reply_to: ReplyPreview | None
    ) -> Message:
        """Store a message; raises ``Conflict`` when its ``client_id`` was already used."""
        ...

    async def edit_message(self, message_id: int, content: str, at: datetime) -> Message: ...

    async def delete_message(self, message_id: int, at: datetime) -> Message: ...

    async def mark_read(self, chat_id: UUID, user_id: UUID, up_to: int) -> ReadState:
        """Move the read mark forward to ``up_to`` (never backward); the unread count after."""
        ...


class PachcaOutbox(Protocol):
    """Notifications for the school's Pachca chat, written in the message's transaction."""

    async def add(self, message_id: int, content: str, now: datetime) -> None: ...


class PachcaUnavailable(Exception):
    """Pachca did not take the message now; try again later.

    ``retry_after`` is Pachca's own ``Retry-After`` (429) in seconds, when it gave one.
    ``outcome_unknown`` is True when the request may have reached Pachca (a timeout after
    sending): a retry may then post the message a second time.
    """

    def __init__(
        self, reason: str, *, retry_after: float | None = None, outcome_unknown: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.outcome_unknown = outcome_unknown


class PachcaRejected(Exception):
    """Pachca refused the message for good (4xx other than 429): never retried."""


class ChatNotifier(Protocol):
    """Posts one text to the school's Pachca chat."""

    async def post(self, content: str) -> None:
        """Raises ``PachcaUnavailable`` (retry later) or ``PachcaRejected`` (give up)."""
        ...


class PresenceTracker(Protocol):
    """Counts each user's open sockets, across server processes."""

    async def connected(self, user_id: UUID) -> bool:
        """Record a new socket; True when it is the user's first (they came online)."""
        ...

    async def disconnected(self, user_id: UUID) -> bool:
        """Forget a socket; True when it was the user's last (they went offline)."""
        ...

    async def online(self, user_ids: Sequence[UUID]) -> set[UUID]: ...
