"""Forum rooms exactly as the platform plans them, their participants, and messages.

The rooms come from ``domain.forum.rooms.wanted_rooms`` (keys, kinds, titles, archiving), made
when their enrollment was, with the planned members as participants. Messages are spread over
chosen rooms between the room's creation and now, sent by its participants; their ids (one
sequence, as the identity column gives them) follow their times. Every room's
``last_message_at`` is its newest message, and every participant has read at least up to their
own last message.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from thebot.domain.forum.entities import FamilyEnrollment, Person, RoomKind, WantedRoom
from thebot.domain.forum.rooms import wanted_rooms
from thebot.entrypoints.seeds.scale_plan import School

ROOM_COLUMNS = (
    "id", "room_key", "kind", "enrollment_id", "subject_id", "student_id", "parent_id", "title",
    "is_archived", "last_message_at", "created_at", "updated_at",
)  # fmt: skip
PARTICIPANT_COLUMNS = (
    "id", "room_id", "user_id", "joined_at", "left_at", "last_read_message_id", "unread_count"
)  # fmt: skip
MESSAGE_COLUMNS = (
    "id", "room_id", "sender_id", "content", "reply_to_id", "client_id", "created_at",
    "edited_at", "deleted_at",
)  # fmt: skip
REPLY_SHARE = 0.05
FULLY_READ_SHARE = 0.6
LINES = 500

# Given every planned room, how many messages each gets.
Spread = Callable[[School, list[WantedRoom]], list[int]]


def spread_total(total: int) -> Spread:
    """``total`` messages over all rooms, some rooms much busier than others."""

    def spread(school: School, rooms: list[WantedRoom]) -> list[int]:
        if not rooms:
            return []
        weights = [school.rng.random() ** 2 + 0.01 for _ in rooms]
        scale = total / sum(weights)
        counts = [int(w * scale) for w in weights]
        for i in range(total - sum(counts)):
            counts[i % len(counts)] += 1
        return counts

    return spread


def per_pair(messages: int) -> Spread:
    """``messages`` in every subject room and in one tutor room per student (the chats of the
    system we replace: one per enrollment, one per student and tutor); the others stay empty."""

    def spread(school: School, rooms: list[WantedRoom]) -> list[int]:
        tutored: set[uuid.UUID] = set()
        counts = []
        for room in rooms:
            chosen = room.kind is RoomKind.SUBJECT
            if room.kind is RoomKind.TUTOR and room.student_id not in tutored:
                tutored.add(room.student_id)
                chosen = True
            counts.append(messages if chosen else 0)
        return counts

    return spread


def family(school: School) -> list[FamilyEnrollment]:
    def person(user_id: uuid.UUID, role: str) -> Person:
        return Person(id=user_id, name=school.names[user_id], role=role)

    def maybe(user_id: uuid.UUID | None, role: str) -> Person | None:
        return None if user_id is None else person(user_id, role)

    found = []
    for e in school.enrollments:
        found.append(
            FamilyEnrollment(
                enrollment_id=e.id,
                is_active=e.active,
                subject_id=e.subject,
                subject_name=school.subject_names[e.subject],
                student=person(e.student, "student"),
                teacher=person(e.teacher, "teacher"),
                tutor=maybe(school.tutor_of.get(e.student), "tutor"),
                parent=maybe(school.parent_of.get(e.student), "parent"),
            )
        )
    return found


def forum(school: School, spread: Spread) -> None:
    rng, now = school.rng, school.now
    rooms = wanted_rooms(family(school))
    started = {e.id: e.started_at for e in school.enrollments}
    room_ids = [school.ids.new() for _ in rooms]
    created = [started[room.enrollment_id] for room in rooms]
    lines = [school.sentence(rng.randint(3, 14)) for _ in range(LINES)]

    # Per room: (second offsets from the room's creation, sender positions), times sorted.
    counts = spread(school, rooms)
    plans: list[tuple[list[float], list[int]]] = []
    order: list[tuple[float, int, int]] = []
    for r, (room, count) in enumerate(zip(rooms, counts, strict=True)):
        span = (now - created[r]).total_seconds()
        base = created[r].timestamp()
        offsets = sorted(rng.uniform(1, span) for _ in range(count))
        senders = [rng.randrange(len(room.members)) for _ in range(count)]
        plans.append((offsets, senders))
        order.extend((base + offset, r, n) for n, offset in enumerate(offsets))
    order.sort()
    ids: list[list[int]] = [[0] * count for count in counts]
    for message_id, (_, r, n) in enumerate(order, start=1):
        ids[r][n] = message_id

    messages: list[tuple[Any, ...]] = []
    for _, r, n in order:
        offsets, senders = plans[r]
        reply = ids[r][rng.randrange(n)] if n and rng.random() < REPLY_SHARE else None
        messages.append(
            (
                ids[r][n],
                room_ids[r],
                rooms[r].members[senders[n]],
                rng.choice(lines),
                reply,
                None,
                created[r] + timedelta(seconds=offsets[n]),
                None,
                None,
            )
        )

    room_rows: list[tuple[Any, ...]] = []
    participants: list[tuple[Any, ...]] = []
    for r, room in enumerate(rooms):
        offsets, senders = plans[r]
        last: datetime | None = created[r] + timedelta(seconds=offsets[-1]) if offsets else None
        room_rows.append(
            (room_ids[r], room.key, room.kind.value, room.enrollment_id, room.subject_id,
             room.student_id, room.parent_id, room.title, room.is_archived, last, created[r],
             created[r])
        )  # fmt: skip
        for position, user_id in enumerate(room.members):
            read = _read_mark(school, ids[r], senders, position)
            unread = sum(
                1
                for message_id, sender in zip(ids[r], senders, strict=True)
                if sender != position and (read is None or message_id > read)
            )
            participants.append(
                (school.ids.new(), room_ids[r], user_id, created[r], None, read, unread)
            )
    school.rows.extend("chat_rooms", ROOM_COLUMNS, room_rows)
    school.rows.extend("chat_participants", PARTICIPANT_COLUMNS, participants)
    school.rows.extend("chat_messages", MESSAGE_COLUMNS, messages)


def _read_mark(school: School, ids: list[int], senders: list[int], position: int) -> int | None:
    """Where one participant stopped reading: never before their own last message."""
    if not ids:
        return None
    own = max((n for n, sender in enumerate(senders) if sender == position), default=-1)
    if school.rng.random() < FULLY_READ_SHARE:
        return ids[-1]
    if own < 0 and school.rng.random() < 0.2:
        return None
    return ids[school.rng.randrange(max(own, 0), len(ids))]
