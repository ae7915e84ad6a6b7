"""The WebSocket: tickets, events only to a chat's participants, typing, ping and presence."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest
from litestar import Litestar

from tests.api.forum_helpers import CHATS, chat_titled, chats_of, sent
from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.socket_helpers import TICKET, raw_socket, serving, socket_of, ticket_for
from tests.fakes.clock import FakeClock
from thebot.adapters.realtime import user_channel
from thebot.bootstrap import Container
from thebot.entrypoints.http import socket_session

ROOM = "Mathematics — Ann Test ↔ Teo Test"
POLICY_VIOLATION = 1008


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.fixture
async def room(school: School) -> str:
    chat_id: str = chat_titled(await chats_of(school, "ann"), ROOM)["id"]
    return chat_id


@pytest.fixture
async def server(app: Litestar, client: Client) -> AsyncIterator[str]:
    async with serving(app) as url:
        yield url


# ----- opening a socket ----------------------------------------------------------------------


async def test_the_ticket_endpoint_needs_a_signed_in_user(client: Client) -> None:
    assert_problem(await client.post(TICKET), 401)


async def test_each_ticket_is_new_and_hides_the_access_token(school: School) -> None:
    first, second = await ticket_for(school, "ann"), await ticket_for(school, "ann")

    assert first != second
    assert len(first) >= 43
    assert first not in school["ann"].headers["Authorization"]


@pytest.mark.parametrize(
    "query", ["", "?ticket=", "?ticket=made-up-ticket", "?ticket=" + "x" * 500, "?other=1"]
)
async def test_a_socket_without_a_valid_ticket_is_closed_before_any_data(
    server: str, school: School, query: str
) -> None:
    async with raw_socket(server, query) as socket:
        code, _, received = await socket.closed_with()

    assert code == POLICY_VIOLATION
    assert received == []


async def test_a_ticket_opens_one_socket_only(server: str, school: School) -> None:
    ticket = await ticket_for(school, "ann")
    async with raw_socket(server, f"?ticket={ticket}") as first:
        assert (await first.next_event())["type"] == "ready"
        async with raw_socket(server, f"?ticket={ticket}") as second:
            code, _, received = await second.closed_with()

    assert (code, received) == (POLICY_VIOLATION, [])


async def test_tickets_are_never_logged(
    server: str, school: School, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # the level the platform runs at
    # (another test's uvicorn may have left the server's logger at WARNING)
    caplog.set_level(logging.INFO, logger="uvicorn.error")
    used, refused = await ticket_for(school, "ann"), await ticket_for(school, "teo")
    async with raw_socket(server, f"?ticket={used}") as socket:
        assert (await socket.next_event())["type"] == "ready"
    async with raw_socket(server, f"?ticket={used}") as socket:
        await socket.closed_with()
    await school.client.post("/api/v1/auth/logout", headers=school["teo"].headers)
    async with raw_socket(server, f"?ticket={refused}") as socket:
        await socket.closed_with()

    logged = [record.getMessage() for record in caplog.records]
    assert any("WebSocket /api/v1/ws" in line for line in logged)
    assert not [line for line in logged if used in line or refused in line]


async def test_a_ticket_expires_after_30_seconds(
    server: str, school: School, clock: FakeClock
) -> None:
    fresh, stale = await ticket_for(school, "ann"), await ticket_for(school, "teo")
    clock.advance(30)
    async with raw_socket(server, f"?ticket={fresh}") as socket:
        assert (await socket.next_event())["type"] == "ready"
    clock.advance(1)
    async with raw_socket(server, f"?ticket={stale}") as socket:
        code, _, received = await socket.closed_with()

    assert (code, received) == (POLICY_VIOLATION, [])


async def test_a_ticket_of_a_session_that_ended_opens_nothing(
    server: str, school: School, client: Client
) -> None:
    ticket = await ticket_for(school, "ann")
    response = await client.post("/api/v1/auth/logout", headers=school["ann"].headers)
    assert response.status_code == 204

    async with raw_socket(server, f"?ticket={ticket}") as socket:
        code, reason, received = await socket.closed_with()

    assert (code, received) == (POLICY_VIOLATION, [])
    assert "session has ended" in reason


async def test_an_open_socket_is_closed_once_its_session_ends(
    server: str, school: School, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(socket_session, "SESSION_CHECK_SECONDS", 0.05)
    async with socket_of(school, server, "ann") as socket:
        await socket.quiet(0.2)
        response = await client.post("/api/v1/auth/logout", headers=school["ann"].headers)
        assert response.status_code == 204
        code, _, _ = await socket.closed_with()

    assert code == POLICY_VIOLATION


# ----- events to the participants of a chat only ---------------------------------------------


async def test_a_message_reaches_the_participants_sockets_and_nobody_else(
    server: str, school: School, room: str
) -> None:
    async with (
        socket_of(school, server, "ann") as ann,
        socket_of(school, server, "teo") as teo,
        socket_of(school, server, "bob") as bob,  # teo's student, not in this chat
        socket_of(school, server, "cid") as cid,  # shares no chat with anyone here
    ):
        message = await sent(school, "ann", room, "Can we go over fractions?", client_id="c-1")

        for socket in (teo, ann):  # the sender's own socket too (their other tabs)
            event = await socket.expect("message.created")
            assert event["data"]["id"] == message["id"]
            assert event["data"]["chat_id"] == room
            assert event["data"]["content"] == "Can we go over fractions?"
            assert event["data"]["client_id"] == "c-1"
        await bob.quiet(ignore=("presence",))
        await cid.quiet()


async def test_every_socket_of_a_participant_gets_the_message(
    server: str, school: School, room: str
) -> None:
    async with (
        socket_of(school, server, "teo") as laptop,
        socket_of(school, server, "teo") as phone,
    ):
        message = await sent(school, "ann", room, "Hello")

        assert (await laptop.expect("message.created"))["data"]["id"] == message["id"]
        assert (await phone.expect("message.created"))["data"]["id"] == message["id"]


async def test_sockets_opened_in_a_burst_all_receive(
    server: str, school: School, room: str
) -> None:
    async with AsyncExitStack() as stack:
        # Right after a start, at once: each subscription must reach the backend's connection.
        sockets = await asyncio.gather(
            *(stack.enter_async_context(socket_of(school, server, "teo")) for _ in range(8))
        )
        message = await sent(school, "ann", room, "Hello")

        for socket in sockets:
            assert (await socket.expect("message.created"))["data"]["id"] == message["id"]


async def test_a_socket_that_replaces_another_of_the_same_user_receives(
    server: str, school: School, room: str
) -> None:
    for _ in range(5):
        async with AsyncExitStack() as stack:
            old = await stack.enter_async_context(socket_of(school, server, "teo"))
            # The old socket closes while the new one opens (a reloaded page).
            closing = asyncio.create_task(old.connection.close())
            new = await stack.enter_async_context(socket_of(school, server, "teo"))
            await closing
            message = await sent(school, "ann", room, "Still there?")

            assert (await new.expect("message.created"))["data"]["id"] == message["id"]


async def test_edits_and_read_marks_reach_the_participants(
    server: str, school: School, room: str
) -> None:
    message = await sent(school, "ann", room, "Helo")
    async with socket_of(school, server, "ann") as ann, socket_of(school, server, "bob") as bob:
        edited = await school.client.patch(
            f"{CHATS}/{room}/messages/{message['id']}",
            json={"content": "Hello"},
            headers=school["ann"].headers,
        )
        assert edited.status_code == 200, edited.text
        read = await school.client.post(
            f"{CHATS}/{room}/read",
            json={"up_to_message_id": message["id"]},
            headers=school["teo"].headers,
        )
        assert read.status_code == 200, read.text

        updated = await ann.expect("message.updated")
        assert (updated["data"]["id"], updated["data"]["content"]) == (message["id"], "Hello")
        assert (await ann.expect("message.read"))["data"] == {
            "chat_id": room,
            "user_id": str(school["teo"].id),
            "up_to_message_id": message["id"],
        }
        await bob.quiet(ignore=("presence",))


# ----- what the client sends -------------------------------------------------------------------


async def test_typing_reaches_the_other_participants_only(
    server: str, school: School, room: str
) -> None:
    async with (
        socket_of(school, server, "ann") as ann,
        socket_of(school, server, "teo") as teo,
        socket_of(school, server, "bob") as bob,
    ):
        await ann.send({"type": "typing", "data": {"chat_id": room}})

        assert (await teo.expect("typing"))["data"] == {
            "chat_id": room,
            "user_id": str(school["ann"].id),
            "name": "Ann Test",
        }
        await ann.quiet(ignore=("presence",))
        await bob.quiet(ignore=("presence",))


async def test_typing_in_a_chat_one_is_not_in_is_an_error_to_that_socket_only(
    server: str, school: School, room: str
) -> None:
    async with (
        socket_of(school, server, "ann") as ann,
        socket_of(school, server, "teo") as teo,
        socket_of(school, server, "cid") as cid,
    ):
        await cid.send({"type": "typing", "data": {"chat_id": room}})

        error = await cid.next_event()
        assert error["type"] == "error"
        assert error["data"]["code"] == "not_found"
        assert error["data"]["request"] == "typing"
        await ann.quiet(ignore=("presence",))
        await teo.quiet(ignore=("presence",))
        await cid.quiet()


async def test_a_ping_gets_a_pong(server: str, school: School) -> None:
    async with socket_of(school, server, "cid") as cid:
        await cid.send({"type": "ping"})

        assert await cid.next_event() == {"type": "pong", "data": {}}


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("not json", "malformed"),
        ('{"data": {}}', "malformed"),
        ('{"type": 7}', "malformed"),
        ('{"type": "shout"}', "unknown_type"),
        ('{"type": "typing"}', "invalid"),
        ('{"type": "typing", "data": {"chat_id": "nope"}}', "invalid"),
        ('{"type": "ping", "data": {}, "pad": "' + "x" * 5000 + '"}', "too_large"),
    ],
)
async def test_a_message_the_server_cannot_use_gets_an_error_and_the_socket_stays_open(
    server: str, school: School, message: str, code: str
) -> None:
    async with socket_of(school, server, "cid") as cid:
        await cid.send(message)

        error = await cid.next_event()
        assert (error["type"], error["data"]["code"]) == ("error", code)
        await cid.send({"type": "ping"})
        assert (await cid.next_event())["type"] == "pong"


async def test_a_socket_that_floods_the_server_is_slowed_down_not_dropped(
    server: str, school: School, room: str
) -> None:
    async with socket_of(school, server, "ann") as ann, socket_of(school, server, "teo") as teo:
        for _ in range(40):
            await ann.send({"type": "typing", "data": {"chat_id": room}})
        replies = await ann.collect(0.5)

        refused = [r["data"]["code"] for r in replies if r["type"] == "error"]
        assert set(refused) == {"rate_limited"}
        assert 15 <= len(refused) <= 20  # a burst of 20 goes through (a little more refills)
        await teo.expect("typing")  # the first one went through, once
        await teo.quiet(ignore=("presence",))
        await asyncio.sleep(0.3)  # the allowance refills
        await ann.send({"type": "ping"})
        assert (await ann.next_event())["type"] == "pong"


# ----- presence --------------------------------------------------------------------------------


async def test_peers_see_a_user_come_online_and_go_offline(server: str, school: School) -> None:
    ann_id = str(school["ann"].id)
    async with socket_of(school, server, "teo") as teo, socket_of(school, server, "cid") as cid:
        async with socket_of(school, server, "ann") as ann:
            assert (await teo.next_event())["data"] == {"user_id": ann_id, "online": True}
            # The newcomer learns who of their peers is online already.
            assert await ann.next_event() == {
                "type": "presence",
                "data": {"user_id": str(school["teo"].id), "online": True},
            }
            async with socket_of(school, server, "ann"):
                pass  # a second tab coming and going changes nothing for the others
            await teo.quiet()

        assert await teo.next_event() == {
            "type": "presence",
            "data": {"user_id": ann_id, "online": False},
        }
        await cid.quiet()


# ----- backpressure -----------------------------------------------------------------------------


async def test_a_client_that_falls_behind_is_closed_rather_than_sent_a_gap(
    server: str, school: School, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(socket_session, "MAX_PENDING_EVENTS", 5)
    send = socket_session.SocketSession._send

    async def slow_send(self: socket_session.SocketSession, text: str) -> None:
        await asyncio.sleep(0.02)  # a client on a slow line: each event takes a while
        await send(self, text)

    monkeypatch.setattr(socket_session.SocketSession, "_send", slow_send)
    async with socket_of(school, server, "cid") as cid:
        channel = user_channel(school["cid"].id)
        for n in range(50):
            await container.channels.wait_published(
                f'{{"type":"test","data":{{"n":{n}}}}}'.encode(), channel
            )
        code, _, received = await cid.closed_with()

    assert code == 1013
    numbers = [json.loads(text)["data"]["n"] for text in received]
    assert numbers == list(range(len(numbers)))  # in order, no holes
    assert len(numbers) < 50
