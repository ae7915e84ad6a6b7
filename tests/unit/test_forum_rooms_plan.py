"""Planning rooms from the school's links: pure rules, no database."""

from __future__ import annotations

from uuid import UUID, uuid4

from thebot.domain.forum.entities import FamilyEnrollment, Person, RoomKind
from thebot.domain.forum.rooms import ExistingRoom, RoomChanges, Staffing, plan, room_key

ANN = Person(id=uuid4(), name="Ann A", role="student")
TEO = Person(id=uuid4(), name="Teo T", role="teacher")
TINA = Person(id=uuid4(), name="Tina T", role="tutor")
TOM = Person(id=uuid4(), name="Tom T", role="tutor")
PAULA = Person(id=uuid4(), name="Paula P", role="parent")
ENROLLMENT = uuid4()


def enrollment(
    *, tutor: Person | None = TINA, parent: Person | None = PAULA, active: bool = True
) -> FamilyEnrollment:
    return FamilyEnrollment(
        enrollment_id=ENROLLMENT,
        is_active=active,
        subject_id=uuid4(),
        subject_name="Maths",
        student=ANN,
        teacher=TEO,
        tutor=tutor,
        parent=parent,
    )


def as_existing(changes: RoomChanges) -> list[ExistingRoom]:
    members: dict[str, set[UUID]] = {}
    for staffing in changes.join:
        members.setdefault(staffing.room_key, set()).add(staffing.user_id)
    return [
        ExistingRoom(
            id=uuid4(),
            key=room.key,
            student_id=room.student_id,
            title=room.title,
            is_archived=room.is_archived,
            current=frozenset(members[room.key]),
            former=frozenset(),
        )
        for room in changes.create
    ]


def test_an_enrollment_of_a_student_with_tutor_and_parent_makes_four_rooms() -> None:
    changes = plan([enrollment()], [])
    rooms = {room.kind: room for room in changes.create}
    assert set(rooms) == set(RoomKind)
    assert rooms[RoomKind.SUBJECT].title == "Maths — Ann A ↔ Teo T"
    assert rooms[RoomKind.TUTOR].title == "Maths — Ann A ↔ Tina T"
    assert rooms[RoomKind.PARENT_TEACHER].title == "Maths — Paula P (Ann A) ↔ Teo T"
    assert rooms[RoomKind.PARENT_TUTOR].members == (PAULA.id, TINA.id)
    assert rooms[RoomKind.PARENT_TUTOR].key == f"parent_tutor:{ENROLLMENT}:{PAULA.id}"
    assert len(changes.join) == 8


def test_without_tutor_or_parent_only_the_subject_room() -> None:
    changes = plan([enrollment(tutor=None, parent=None)], [])
    assert [room.kind for room in changes.create] == [RoomKind.SUBJECT]


def test_planning_what_exists_changes_nothing() -> None:
    first = plan([enrollment()], [])
    assert plan([enrollment()], as_existing(first)).empty


def test_a_new_tutor_replaces_the_old_one_in_the_same_rooms() -> None:
    existing = as_existing(plan([enrollment()], []))
    changes = plan([enrollment(tutor=TOM)], existing)
    assert changes.create == ()
    tutor_key = room_key(RoomKind.TUTOR, ENROLLMENT)
    assert Staffing(room_key=tutor_key, user_id=TOM.id) in changes.join
    assert Staffing(room_key=tutor_key, user_id=TINA.id) in changes.leave
    assert changes.update[tutor_key] == ("Maths — Ann A ↔ Tom T", False)


def test_losing_the_tutor_archives_tutor_rooms_and_the_tutor_leaves() -> None:
    existing = as_existing(plan([enrollment()], []))
    changes = plan([enrollment(tutor=None)], existing)
    tutor_key = room_key(RoomKind.TUTOR, ENROLLMENT)
    assert changes.update[tutor_key][1] is True
    assert Staffing(room_key=tutor_key, user_id=TINA.id) in changes.leave
    assert Staffing(room_key=tutor_key, user_id=ANN.id) not in changes.leave


def test_an_ended_enrollment_archives_its_rooms_and_keeps_everyone() -> None:
    existing = as_existing(plan([enrollment()], []))
    changes = plan([enrollment(active=False)], existing)
    assert {archived for _, archived in changes.update.values()} == {True}
    assert len(changes.update) == 4
    assert changes.leave == ()
