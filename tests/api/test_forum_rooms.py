"""Chat rooms follow the school: enrollments, tutors and parents make and re-staff them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.api.forum_helpers import CHATS, chat_titled, chats_of, send, titles
from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from thebot.adapters.db.models import ChatParticipantModel, ChatRoomModel
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role

MATHS_ANN_TEO = "Mathematics — Ann Test ↔ Teo Test"
MATHS_ANN_TINA = "Mathematics — Ann Test ↔ Tina Test"
ENGLISH_ANN_TARA = "English — Ann Test ↔ Tara Test"
ENGLISH_ANN_TINA = "English — Ann Test ↔ Tina Test"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def room_count(container: Container) -> tuple[int, int]:
    async with container.unit_of_work() as uow:
        rooms = await uow.session.scalar(select(func.count()).select_from(ChatRoomModel))
        people = await uow.session.scalar(select(func.count()).select_from(ChatParticipantModel))
    return int(rooms or 0), int(people or 0)


async def test_each_enrollment_makes_a_subject_room_and_a_tutor_room(school: School) -> None:
    ann = await chats_of(school, "ann")
    assert titles(ann) == sorted(
        [MATHS_ANN_TEO, MATHS_ANN_TINA, ENGLISH_ANN_TARA, ENGLISH_ANN_TINA]
    )
    maths = chat_titled(ann, MATHS_ANN_TEO)
    assert maths["kind"] == "subject"
    assert maths["enrollment_id"] == school.enrollments["ann:Mathematics:teo"]["id"]
    assert maths["subject"] == {"id": str(school.subjects["Mathematics"]), "name": "Mathematics"}
    assert {p["id"] for p in maths["participants"]} == {
        str(school["ann"].id),
        str(school["teo"].id),
    }
    assert maths["last_message"] is None
    assert maths["unread_count"] == 0
    assert maths["is_archived"] is False
    tutor = chat_titled(ann, MATHS_ANN_TINA)
    assert tutor["kind"] == "tutor"
    assert {p["role"] for p in tutor["participants"]} == {"student", "tutor"}


async def test_teachers_tutors_and_parents_see_exactly_their_rooms(school: School) -> None:
    teo = await chats_of(school, "teo")
    assert titles(teo) == sorted(
        [
            MATHS_ANN_TEO,
            "Mathematics — Bob Test ↔ Teo Test",
            "Mathematics — Paula Test (Ann Test) ↔ Teo Test",
            "Mathematics — Paula Test (Bob Test) ↔ Teo Test",
        ]
    )
    tina = await chats_of(school, "tina")
    assert sorted(chat["kind"] for chat in tina) == ["parent_tutor"] * 3 + ["tutor"] * 3
    paula = await chats_of(school, "paula")
    assert sorted(chat["kind"] for chat in paula) == ["parent_teacher"] * 3 + ["parent_tutor"] * 3
    assert all(str(school["paula"].id) in {p["id"] for p in c["participants"]} for c in paula)
    assert await chats_of(school, "admin") == []
    cid = await chats_of(school, "cid")
    assert titles(cid) == ["Physics — Cid Test ↔ Tara Test", "Physics — Cid Test ↔ Tom Test"]


async def test_a_parent_never_reads_the_childs_own_rooms(school: School) -> None:
    child_room = chat_titled(await chats_of(school, "ann"), MATHS_ANN_TEO)["id"]
    response = await school.client.get(
        f"{CHATS}/{child_room}/messages", headers=school["paula"].headers
    )
    assert_problem(response, 404)
    assert_problem(await send(school, "paula", child_room, "hello"), 404)


async def test_outsiders_get_404_everywhere(school: School) -> None:
    room = chat_titled(await chats_of(school, "ann"), MATHS_ANN_TEO)["id"]
    first = await send(school, "ann", room, "first")
    assert first.status_code == 201
    for outsider in ("cid", "tara", "tom", "pete", "admin", "bob"):
        headers = school[outsider].headers
        assert_problem(await school.client.get(f"{CHATS}/{room}/messages", headers=headers), 404)
        assert_problem(await send(school, outsider, room, "intrusion"), 404)
        response = await school.client.post(
            f"{CHATS}/{room}/read", json={"up_to_message_id": first.json()["id"]}, headers=headers
        )
        assert_problem(response, 404)
        assert room not in {chat["id"] for chat in await chats_of(school, outsider)}


async def test_anonymous_is_401(school: School) -> None:
    assert_problem(await school.client.get(CHATS), 401)


async def test_planning_again_changes_nothing(school: School, container: Container) -> None:
    before = await room_count(container)
    # ann: 2 enrollments, bob and cid 1 each; 4 rooms of 2 people per enrollment.
    assert before == (16, 32)
    ids = [school[name].id for name in ("ann", "bob", "cid")]
    for _ in range(2):
        async with container.unit_of_work() as uow:
            await container.room_sync(uow).sync(ids)
            await uow.commit()
    assert await room_count(container) == before


async def test_a_tutor_assigned_later_joins_every_enrollment(school: School) -> None:
    await school.add("dan", Role.STUDENT, grade=7)
    await school.enroll("dan", "Mathematics", "teo")
    await school.enroll("dan", "English", "tara")
    assert [c["kind"] for c in await chats_of(school, "dan")] == ["subject", "subject"]
    response = await school.client.post(
        f"/api/v1/admin/students/{school['dan'].id}/tutor",
        json={"tutor_id": str(school["tom"].id)},
        headers=school["admin"].headers,
    )
    assert response.status_code == 200, response.text
    dan = await chats_of(school, "dan")
    assert titles(dan) == sorted(
        [
            "English — Dan Test ↔ Tara Test",
            "English — Dan Test ↔ Tom Test",
            "Mathematics — Dan Test ↔ Teo Test",
            "Mathematics — Dan Test ↔ Tom Test",
        ]
    )
    tom_rooms = {c["id"] for c in await chats_of(school, "tom") if "Dan" in c["title"]}
    assert len(tom_rooms) == 2


async def test_a_new_tutor_takes_over_the_tutor_rooms(school: School) -> None:
    room = chat_titled(await chats_of(school, "ann"), MATHS_ANN_TINA)
    await send(school, "ann", room["id"], "question for my tutor")
    response = await school.client.post(
        f"/api/v1/admin/students/{school['ann'].id}/tutor",
        json={"tutor_id": str(school["tom"].id)},
        headers=school["admin"].headers,
    )
    assert response.status_code == 200, response.text
    ann = await chats_of(school, "ann")
    same = next(c for c in ann if c["id"] == room["id"])
    assert same["title"] == "Mathematics — Ann Test ↔ Tom Test"
    assert {p["id"] for p in same["participants"]} == {str(school["ann"].id), str(school["tom"].id)}
    # The old tutor left: the room is gone from their list and closed to them.
    assert room["id"] not in {c["id"] for c in await chats_of(school, "tina")}
    old = await school.client.get(f"{CHATS}/{room['id']}/messages", headers=school["tina"].headers)
    assert_problem(old, 404)
    history = await school.client.get(
        f"{CHATS}/{room['id']}/messages", headers=school["tom"].headers
    )
    assert [m["content"] for m in history.json()["items"]] == ["question for my tutor"]


async def test_a_parent_linked_later_gets_exactly_their_rooms(school: School) -> None:
    await school.add("dan", Role.STUDENT, grade=7, tutor_id=school["tom"].id)
    await school.enroll("dan", "Physics", "tara")
    await school.add("pam", Role.PARENT)
    assert await chats_of(school, "pam") == []
    response = await school.client.post(
        f"/api/v1/admin/parents/{school['pam'].id}/children",
        json={"student_ids": [str(school["dan"].id)]},
        headers=school["admin"].headers,
    )
    assert response.status_code == 200, response.text
    pam = await chats_of(school, "pam")
    assert titles(pam) == [
        "Physics — Pam Test (Dan Test) ↔ Tara Test",
        "Physics — Pam Test (Dan Test) ↔ Tom Test",
    ]
    assert sorted(c["kind"] for c in pam) == ["parent_teacher", "parent_tutor"]
    for chat in await chats_of(school, "dan"):
        response = await school.client.get(
            f"{CHATS}/{chat['id']}/messages", headers=school["pam"].headers
        )
        assert_problem(response, 404)


async def test_a_replaced_parent_leaves_and_the_new_one_gets_new_rooms(school: School) -> None:
    await school.add("pam", Role.PARENT)
    response = await school.client.post(
        f"/api/v1/admin/parents/{school['pam'].id}/children",
        json={"student_ids": [str(school["cid"].id)]},
        headers=school["admin"].headers,
    )
    assert response.status_code == 200, response.text
    assert await chats_of(school, "pete") == []
    assert len(await chats_of(school, "pam")) == 2
    tara = [
        c
        for c in await chats_of(school, "tara")
        if c["kind"] == "parent_teacher" and "Cid" in c["title"]
    ]
    # The teacher keeps the old conversation, archived, and gains the new one.
    assert sorted((c["title"], c["is_archived"]) for c in tara) == [
        ("Physics — Pam Test (Cid Test) ↔ Tara Test", False),
        ("Physics — Pete Test (Cid Test) ↔ Tara Test", True),
    ]


async def test_ending_an_enrollment_archives_its_rooms(school: School) -> None:
    enrollment = school.enrollments["ann:English:tara"]["id"]
    room = chat_titled(await chats_of(school, "ann"), ENGLISH_ANN_TARA)["id"]
    await send(school, "ann", room, "before the end")
    response = await school.client.delete(
        f"/api/v1/enrollments/{enrollment}", headers=school["admin"].headers
    )
    assert response.status_code == 204
    ann = await chats_of(school, "ann")
    english = [c for c in ann if c["enrollment_id"] == enrollment]
    assert len(english) == 2
    assert all(c["is_archived"] for c in english)
    assert all(not c["is_archived"] for c in ann if c["enrollment_id"] != enrollment)
    assert [c["enrollment_id"] for c in await chats_of(school, "ann", archived=False)].count(
        enrollment
    ) == 0
    readable = await school.client.get(f"{CHATS}/{room}/messages", headers=school["tara"].headers)
    assert [m["content"] for m in readable.json()["items"]] == ["before the end"]
    body = assert_problem(await send(school, "ann", room, "after the end"), 409)
    assert "archived" in body["detail"]


async def test_listing_chats_costs_the_same_for_few_and_many(
    school: School, count_statements: object
) -> None:
    async def statements() -> int:
        with count_statements() as counter:  # type: ignore[operator]
            await chats_of(school, "tina")
        return int(counter.count)

    few = await statements()
    for n in range(6):
        await school.add(f"kid{n}", Role.STUDENT, tutor_id=school["tina"].id)
        await school.enroll(f"kid{n}", "Mathematics", "teo")
        room = next(c for c in await chats_of(school, f"kid{n}") if c["kind"] == "tutor")
        await send(school, f"kid{n}", room["id"], "hello")
    assert len(await chats_of(school, "tina")) == 12
    assert await statements() == few


async def test_re_planning_costs_the_same_for_one_enrollment_and_many(
    school: School, count_statements: object
) -> None:
    async def tutor_change(student: str, tutor: str) -> int:
        with count_statements() as counter:  # type: ignore[operator]
            response = await school.client.post(
                f"/api/v1/admin/students/{school[student].id}/tutor",
                json={"tutor_id": str(school[tutor].id)},
                headers=school["admin"].headers,
            )
        assert response.status_code == 200, response.text
        return int(counter.count)

    await school.teaches("teo", "Mathematics", "Physics", "English")
    # bob has one enrollment, ann two; ann gets a third.
    await school.enroll("ann", "Physics", "teo")
    one = await tutor_change("bob", "tom")
    three = await tutor_change("ann", "tom")
    assert one == three
