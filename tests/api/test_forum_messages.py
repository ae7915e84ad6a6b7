"""Messages: sending, paging, idempotent retries, replies, edits, deletes and read state."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.forum_helpers import CHATS, chat_titled, chats_of, send, sent
from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.fakes.clock import FakeClock
from thebot.bootstrap import Container

ROOM = "Mathematics — Ann Test ↔ Teo Test"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.fixture
async def room(school: School) -> str:
    chat_id: str = chat_titled(await chats_of(school, "ann"), ROOM)["id"]
    return chat_id


async def page(school: School, name: str, room: str, **params: Any) -> dict[str, Any]:
    response = await school.client.get(
        f"{CHATS}/{room}/messages", params=params, headers=school[name].headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_message_is_trimmed_stored_and_listed_newest_first(
    school: School, room: str
) -> None:
    first = await sent(school, "ann", room, "  Can we go over fractions?  ")
    assert first["content"] == "Can we go over fractions?"
    assert first["chat_id"] == room
    assert first["sender"] == {"id": str(school["ann"].id), "name": "Ann Test", "role": "student"}
    assert first["reply_to"] is None
    assert first["edited_at"] is None
    assert first["deleted_at"] is None
    second = await sent(school, "teo", room, "Of course.", reply_to_id=first["id"])
    assert second["reply_to"] == {
        "id": first["id"],
        "sender_name": "Ann Test",
        "excerpt": "Can we go over fractions?",
        "is_deleted": False,
    }
    listed = await page(school, "teo", room)
    assert [m["id"] for m in listed["items"]] == [second["id"], first["id"]]
    assert listed["next_before"] is None


async def test_the_cursor_walks_back_without_gaps_or_repeats(school: School, room: str) -> None:
    ids = [(await sent(school, "ann", room, f"message {n}"))["id"] for n in range(7)]
    seen: list[int] = []
    before = None
    while True:
        params = {"limit": 3} | ({"before": before} if before else {})
        body = await page(school, "ann", room, **params)
        seen += [m["id"] for m in body["items"]]
        before = body["next_before"]
        if before is None:
            break
    assert seen == list(reversed(ids))


async def test_a_client_back_from_away_catches_up_oldest_first(school: School, room: str) -> None:
    seen = await sent(school, "ann", room, "seen before the socket dropped")
    missed = [(await sent(school, "teo", room, f"missed {n}"))["id"] for n in range(5)]
    caught: list[int] = []
    after = seen["id"]
    while after is not None:
        body = await page(school, "ann", room, after=after, limit=2)
        assert body["next_before"] is None
        caught += [m["id"] for m in body["items"]]
        after = body["next_after"]
    assert caught == missed
    assert (await page(school, "ann", room, after=missed[-1]))["items"] == []
    both = await school.client.get(
        f"{CHATS}/{room}/messages",
        params={"after": 1, "before": 5},
        headers=school["ann"].headers,
    )
    assert_problem(both, 400, fields=["after"])


async def test_a_retried_send_with_the_same_client_id_is_not_duplicated(
    school: School, room: str
) -> None:
    first = await send(school, "ann", room, "only once", client_id="c-42")
    again = await send(school, "ann", room, "only once", client_id="c-42")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert len((await page(school, "ann", room))["items"]) == 1
    # The same client id from another sender is another message.
    other = await send(school, "teo", room, "mine", client_id="c-42")
    assert other.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": "   "}, "content"),
        ({"content": "x" * 4001}, "content"),
        ({"content": 5}, "content"),
        ({}, "content"),
        ({"content": "hi", "client_id": "has spaces"}, "client_id"),
        ({"content": "hi", "reply_to_id": 0}, "reply_to_id"),
        ({"content": "hi", "colour": "red"}, "colour"),
    ],
)
async def test_malformed_messages_are_refused_and_change_nothing(
    school: School, room: str, body: dict[str, Any], field: str
) -> None:
    response = await school.client.post(
        f"{CHATS}/{room}/messages", json=body, headers=school["ann"].headers
    )
    problem = assert_problem(response, 400)
    assert field in str(problem)
    assert (await page(school, "ann", room))["items"] == []


async def test_4000_characters_is_the_limit(school: School, room: str) -> None:
    assert (await send(school, "ann", room, "y" * 4000)).status_code == 201


async def test_a_reply_must_be_to_a_message_of_the_same_chat(school: School, room: str) -> None:
    other = chat_titled(await chats_of(school, "ann"), "English — Ann Test ↔ Tara Test")["id"]
    elsewhere = await sent(school, "ann", other, "in english")
    response = await send(school, "ann", room, "reply", reply_to_id=elsewhere["id"])
    assert_problem(response, 400, fields=["reply_to_id"])


async def test_own_messages_are_edited_and_deleted_within_15_minutes(
    school: School, room: str, clock: FakeClock
) -> None:
    message = await sent(school, "ann", room, "typo hre")
    url = f"{CHATS}/{room}/messages/{message['id']}"
    edited = await school.client.patch(
        url, json={"content": "typo here"}, headers=school["ann"].headers
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["content"] == "typo here"
    assert edited.json()["edited_at"] is not None
    theirs = await school.client.patch(
        url, json={"content": "hijack"}, headers=school["teo"].headers
    )
    assert_problem(theirs, 403)
    assert_problem(await school.client.delete(url, headers=school["teo"].headers), 403)
    deleted = await school.client.delete(url, headers=school["ann"].headers)
    assert deleted.status_code == 204
    assert deleted.content == b""
    shown = (await page(school, "teo", room))["items"][0]
    assert shown["content"] == ""
    assert shown["deleted_at"] is not None
    assert_problem(
        await school.client.patch(url, json={"content": "back"}, headers=school["ann"].headers), 409
    )

    late = await sent(school, "ann", room, "old news")
    clock.advance(minutes=15, seconds=1)
    await school.sign_in_again()
    response = await school.client.patch(
        f"{CHATS}/{room}/messages/{late['id']}",
        json={"content": "new"},
        headers=school["ann"].headers,
    )
    body = assert_problem(response, 409)
    assert "15 minutes" in body["detail"]
    assert (await page(school, "ann", room))["items"][0]["content"] == "old news"


async def test_editing_a_message_of_another_chat_is_404(school: School, room: str) -> None:
    other = chat_titled(await chats_of(school, "ann"), "English — Ann Test ↔ Tara Test")["id"]
    message = await sent(school, "ann", other, "english")
    response = await school.client.patch(
        f"{CHATS}/{room}/messages/{message['id']}",
        json={"content": "x"},
        headers=school["ann"].headers,
    )
    assert_problem(response, 404)


async def test_read_state_and_unread_counts(school: School, room: str) -> None:
    ids = [(await sent(school, "ann", room, f"q{n}"))["id"] for n in range(3)]
    await sent(school, "teo", room, "answer")

    def unread(chats: list[dict[str, Any]]) -> int:
        return int(chat_titled(chats, ROOM)["unread_count"])

    assert unread(await chats_of(school, "teo")) == 3
    assert unread(await chats_of(school, "ann")) == 1
    listed = chat_titled(await chats_of(school, "teo"), ROOM)
    assert listed["last_message"]["content"] == "answer"
    assert listed["last_message"]["sender_name"] == "Teo Test"

    read = await school.client.post(
        f"{CHATS}/{room}/read", json={"up_to_message_id": ids[1]}, headers=school["teo"].headers
    )
    assert read.status_code == 200, read.text
    assert read.json() == {"chat_id": room, "last_read_message_id": ids[1], "unread_count": 1}
    # The mark never moves backward.
    back = await school.client.post(
        f"{CHATS}/{room}/read", json={"up_to_message_id": ids[0]}, headers=school["teo"].headers
    )
    assert back.json()["last_read_message_id"] == ids[1]
    assert unread(await chats_of(school, "teo")) == 1
    assert unread(await chats_of(school, "ann")) == 1


async def test_reading_up_to_a_message_of_another_chat_is_refused(
    school: School, room: str
) -> None:
    other = chat_titled(await chats_of(school, "ann"), "English — Ann Test ↔ Tara Test")["id"]
    message = await sent(school, "ann", other, "english")
    for body in ({"up_to_message_id": message["id"]}, {"up_to_message_id": "x"}, {}):
        response = await school.client.post(
            f"{CHATS}/{room}/read", json=body, headers=school["ann"].headers
        )
        assert_problem(response, 400)


async def test_bad_paging_is_refused(school: School, room: str) -> None:
    for params in ({"limit": 0}, {"limit": 101}, {"before": 0}, {"before": "x"}, {"after": -1}):
        response = await school.client.get(
            f"{CHATS}/{room}/messages", params=params, headers=school["ann"].headers
        )
        assert_problem(response, 400)
    response = await school.client.get(
        f"{CHATS}/not-a-uuid/messages", headers=school["ann"].headers
    )
    assert response.status_code in (400, 404)


async def test_without_pachca_configured_no_outbox_rows_are_written(
    school: School, room: str, container: Container
) -> None:
    from sqlalchemy import func, select

    from thebot.adapters.db.models import PachcaOutboxModel

    await sent(school, "ann", room, "no Pachca here")
    async with container.unit_of_work() as uow:
        count = await uow.session.scalar(select(func.count()).select_from(PachcaOutboxModel))
    assert count == 0


@pytest.mark.parametrize(
    "body", [{"content": "  "}, {"content": "z" * 4001}, {"content": "ok", "pin": True}, {}]
)
async def test_a_malformed_edit_is_refused_and_changes_nothing(
    school: School, room: str, body: dict[str, Any]
) -> None:
    message = await sent(school, "ann", room, "as sent")
    response = await school.client.patch(
        f"{CHATS}/{room}/messages/{message['id']}", json=body, headers=school["ann"].headers
    )
    assert_problem(response, 400)
    shown = (await page(school, "teo", room))["items"][0]
    assert (shown["content"], shown["edited_at"]) == ("as sent", None)


async def test_deleting_a_message_of_another_chat_is_404_and_changes_nothing(
    school: School, room: str
) -> None:
    other = chat_titled(await chats_of(school, "ann"), "English — Ann Test ↔ Tara Test")["id"]
    message = await sent(school, "ann", other, "stays")
    response = await school.client.delete(
        f"{CHATS}/{room}/messages/{message['id']}", headers=school["ann"].headers
    )
    assert_problem(response, 404)
    assert (await page(school, "ann", other))["items"][0]["deleted_at"] is None


async def test_a_refused_read_mark_leaves_the_mark_where_it_was(school: School, room: str) -> None:
    first = await sent(school, "teo", room, "one")
    await sent(school, "teo", room, "two")
    await school.client.post(
        f"{CHATS}/{room}/read",
        json={"up_to_message_id": first["id"]},
        headers=school["ann"].headers,
    )
    for body in ({"up_to_message_id": 10**9}, {"up_to_message_id": -1}, {"upto": first["id"]}):
        response = await school.client.post(
            f"{CHATS}/{room}/read", json=body, headers=school["ann"].headers
        )
        assert_problem(response, 400)
    chat = chat_titled(await chats_of(school, "ann"), ROOM)
    assert (chat["last_read_message_id"], chat["unread_count"]) == (first["id"], 1)
