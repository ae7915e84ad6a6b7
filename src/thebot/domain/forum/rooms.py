"""Which rooms the school's links call for, and the changes that make the database agree.

Rooms follow from facts: an enrollment (subject room, tutor room when the student has a tutor,
parent rooms when the student has a parent). Whenever one of those facts changes, the rooms of
the students concerned are planned again from scratch and the difference is applied; planning
twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import msgspec

from thebot.domain.forum.entities import FamilyEnrollment, RoomKind, WantedRoom


class ExistingRoom(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    key: str
    student_id: UUID
    title: str
    is_archived: bool
    current: frozenset[UUID]
    former: frozenset[UUID]


class Staffing(msgspec.Struct, frozen=True, kw_only=True):
    room_key: str
    user_id: UUID


class RoomChanges(msgspec.Struct, frozen=True, kw_only=True):
    create: tuple[WantedRoom, ...] = ()
    # key -> (title, is_archived)
    update: dict[str, tuple[str, bool]] = {}
    join: tuple[Staffing, ...] = ()
    leave: tuple[Staffing, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.create or self.update or self.join or self.leave)


def room_key(kind: RoomKind, enrollment_id: UUID, parent_id: UUID | None = None) -> str:
    suffix = f":{parent_id}" if parent_id else ""
    return f"{kind.value}:{enrollment_id}{suffix}"


def wanted_rooms(enrollments: Iterable[FamilyEnrollment]) -> list[WantedRoom]:
    rooms = []
    for e in enrollments:
        archived = not e.is_active
        subject = e.subject_name

        def room(
            kind: RoomKind,
            title: str,
            members: tuple[UUID, ...],
            parent_id: UUID | None = None,
            e: FamilyEnrollment = e,
            archived: bool = archived,
        ) -> WantedRoom:
            return WantedRoom(
                key=room_key(kind, e.enrollment_id, parent_id),
                kind=kind,
                enrollment_id=e.enrollment_id,
                subject_id=e.subject_id,
                student_id=e.student.id,
                parent_id=parent_id,
                title=title,
                is_archived=archived,
                members=members,
            )

        student, teacher = e.student, e.teacher
        rooms.append(
            room(
                RoomKind.SUBJECT,
                f"{subject} — {student.name} ↔ {teacher.name}",
                (student.id, teacher.id),
            )
        )
        if e.tutor is not None:
            rooms.append(
                room(
                    RoomKind.TUTOR,
                    f"{subject} — {student.name} ↔ {e.tutor.name}",
                    (student.id, e.tutor.id),
                )
            )
        if e.parent is not None:
            parent = e.parent
            rooms.append(
                room(
                    RoomKind.PARENT_TEACHER,
                    f"{subject} — {parent.name} ({student.name}) ↔ {teacher.name}",
                    (parent.id, teacher.id),
                    parent.id,
                )
            )
            if e.tutor is not None:
                rooms.append(
                    room(
                        RoomKind.PARENT_TUTOR,
                        f"{subject} — {parent.name} ({student.name}) ↔ {e.tutor.name}",
                        (parent.id, e.tutor.id),
                        parent.id,
                    )
                )
    return rooms


def plan(enrollments: list[FamilyEnrollment], existing: list[ExistingRoom]) -> RoomChanges:
    """The changes that turn ``existing`` into what ``enrollments`` call for.

    A room no longer called for (the tutor was removed, the parent replaced) is archived, and
    whoever is no longer linked to the student leaves it; the others keep its history.
    """
    wanted = {room.key: room for room in wanted_rooms(enrollments)}
    have = {room.key: room for room in existing}
    linked: dict[UUID, set[UUID]] = {}
    for e in enrollments:
        people = linked.setdefault(e.student.id, {e.student.id})
        if e.is_active:
            people.add(e.teacher.id)
        people.update(p.id for p in (e.tutor, e.parent) if p is not None)
    create: list[WantedRoom] = []
    update: dict[str, tuple[str, bool]] = {}
    join: list[Staffing] = []
    leave: list[Staffing] = []
    for key, room in wanted.items():
        current = have.get(key)
        if current is None:
            create.append(room)
            join.extend(Staffing(room_key=key, user_id=user) for user in room.members)
            continue
        if (current.title, current.is_archived) != (room.title, room.is_archived):
            update[key] = (room.title, room.is_archived)
        members = set(room.members)
        join.extend(
            Staffing(room_key=key, user_id=user)
            for user in room.members
            if user not in current.current
        )
        leave.extend(Staffing(room_key=key, user_id=user) for user in current.current - members)
    for key, current in have.items():
        if key in wanted:
            continue
        if not current.is_archived:
            update[key] = (current.title, True)
        still = linked.get(current.student_id, set())
        leave.extend(Staffing(room_key=key, user_id=user) for user in current.current - still)
    return RoomChanges(create=tuple(create), update=update, join=tuple(join), leave=tuple(leave))
