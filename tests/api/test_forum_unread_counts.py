"""Each participant's unread count is kept by the writes that change it (send, read, delete,
join) and always equals a count of the messages themselves."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from tests.api.forum_helpers import CHATS, chat_titled, chats_of, sent
from tests.api.helpers import Client
from tests.api.learning_helpers import School, build_school
from tests.conftest import TEST_DATABASE_URL
from thebot.adapters.db.models import ChatParticipantModel, ChatRoomModel, UserModel
from thebot.adapters.db.repositories.forum_statements import UNREAD_RECOUNT
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role

ROOM = "Mathematics — Ann Test ↔ Teo Test"
TUTOR_ROOM = "Mathematics — Ann Test ↔ Tina Test"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def kept_and_counted(container: Container) -> dict[str, tuple[int, int]]:
    """Per "room title / participant": (the kept count, a fresh count of the messages)."""
    part = ChatParticipantModel
    async with container.unit_of_work() as uow:
        rows = (
            await uow.session.execute(
                select(ChatRoomModel.title, UserModel.first_name, part.unread_count, UNREAD_RECOUNT)
                .join(ChatRoomModel, ChatRoomModel.id == part.room_id)
                .join(UserModel, UserModel.id == part.user_id)
                .where(part.left_at.is_(None))
            )
        ).all()
    return {f"{title} / {name}": (int(kept), int(counted)) for title, name, kept, counted in rows}


async def assert_consistent(container: Container) -> dict[str, int]:
    found = await kept_and_counted(container)
    drift = {key: pair for key, pair in found.items() if pair[0] != pair[1]}
    assert drift == {}
    return {key: kept for key, (kept, _) in found.items()}


async def read_up_to(school: School, who: str, room: str, message_id: int) -> int:
    response = await school.client.post(
        f"{CHATS}/{room}/read", json={"up_to_message_id": message_id}, headers=school[who].headers
    )
    assert response.status_code == 200, response.text
    return int(response.json()["unread_count"])


async def test_sends_reads_and_deletes_keep_every_count_exact(
    school: School, container: Container
) -> None:
    room = chat_titled(await chats_of(school, "ann"), ROOM)["id"]
    tutor_room = chat_titled(await chats_of(school, "ann"), TUTOR_ROOM)["id"]
    asked = [(await sent(school, "ann", room, f"question {n}"))["id"] for n in range(4)]
    answer = (await sent(school, "teo", room, "answer"))["id"]
    await sent(school, "tina", tutor_room, "how are you?")
    counts = await assert_consistent(container)
    assert counts[f"{ROOM} / Teo"] == 4
    assert counts[f"{ROOM} / Ann"] == 1
    assert counts[f"{TUTOR_ROOM} / Ann"] == 1
    assert counts[f"{TUTOR_ROOM} / Tina"] == 0

    assert await read_up_to(school, "teo", room, asked[1]) == 2
    # Deleting a message the reader has not reached takes it off; one already read does not.
    for message_id in (asked[3], asked[0]):
        deleted = await school.client.delete(
            f"{CHATS}/{room}/messages/{message_id}", headers=school["ann"].headers
        )
        assert deleted.status_code == 204
    counts = await assert_consistent(container)
    assert counts[f"{ROOM} / Teo"] == 1
    assert chat_titled(await chats_of(school, "teo"), ROOM)["unread_count"] == 1
    # Reading backwards changes nothing; reading to the end clears it.
    assert await read_up_to(school, "teo", room, asked[0]) == 1
    assert await read_up_to(school, "teo", room, answer) == 0
    assert await read_up_to(school, "ann", room, answer) == 0
    counts = await assert_consistent(container)
    assert counts[f"{ROOM} / Teo"] == counts[f"{ROOM} / Ann"] == 0


async def change_tutor(school: School, student: str, tutor: str) -> None:
    changed = await school.client.post(
        f"/api/v1/admin/students/{school[student].id}/tutor",
        json={"tutor_id": str(school[tutor].id)},
        headers=school["admin"].headers,
    )
    assert changed.status_code == 200, changed.text


async def test_a_tutor_who_joins_later_has_the_rooms_history_to_read(
    school: School, container: Container
) -> None:
    await school.add("dan", Role.STUDENT, grade=7, tutor_id=school["tina"].id)
    await school.enroll("dan", "Mathematics", "teo")
    room = chat_titled(await chats_of(school, "dan"), "Mathematics — Dan Test ↔ Tina Test")["id"]
    await sent(school, "tina", room, "welcome")
    thanks = (await sent(school, "dan", room, "thanks"))["id"]
    assert await read_up_to(school, "tina", room, thanks) == 0

    await change_tutor(school, "dan", "tom")
    counts = await assert_consistent(container)
    assert counts["Mathematics — Dan Test ↔ Tom Test / Tom"] == 2
    assert "Mathematics — Dan Test ↔ Tom Test / Tina" not in counts  # she left
    await sent(school, "dan", room, "anyone here?")
    assert (await assert_consistent(container))["Mathematics — Dan Test ↔ Tom Test / Tom"] == 3

    # Back with the first tutor: what was said while she was away is hers to read.
    await change_tutor(school, "dan", "tina")
    counts = await assert_consistent(container)
    assert counts["Mathematics — Dan Test ↔ Tina Test / Tina"] == 1
    assert (
        chat_titled(await chats_of(school, "tina"), "Mathematics — Dan Test ↔ Tina Test")[
            "unread_count"
        ]
        == 1
    )


@pytest.mark.skipif(TEST_DATABASE_URL is None, reason="concurrent writers need PostgreSQL")
async def test_concurrent_sends_and_reads_leave_exact_counts(
    school: School, container: Container
) -> None:
    room = chat_titled(await chats_of(school, "ann"), ROOM)["id"]
    first = (await sent(school, "ann", room, "start"))["id"]

    async def teo_reads() -> None:
        for _ in range(5):
            newest = chat_titled(await chats_of(school, "teo"), ROOM)["last_message"]["id"]
            await read_up_to(school, "teo", room, max(first, newest))

    await asyncio.gather(
        *(sent(school, "ann", room, f"burst {n}") for n in range(10)),
        *(sent(school, "teo", room, f"reply {n}") for n in range(5)),
        teo_reads(),
    )
    await assert_consistent(container)
