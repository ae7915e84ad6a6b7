"""Real time across server processes: two ``thebot run`` processes on the Redis backend.

A message sent through process A reaches a socket held by process B within a second; a user who
is not in the chat receives nothing. Both processes serve the database under test and the test
Redis; the school is built in-process first, then everyone signs in through process A.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.api.forum_helpers import CHATS, chat_titled, chats_of
from tests.api.helpers import bearer
from tests.api.learning_helpers import School, build_school
from tests.conftest import needs_redis
from tests.factories import DEFAULT_PASSWORD
from tests.processes import Process, start, stop, wait_healthy
from thebot.bootstrap import Container

pytestmark = needs_redis

ROOM = "Mathematics — Ann Test ↔ Teo Test"
DELIVERY_LIMIT = 1.0


@pytest.fixture(scope="module")
def servers(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Process, Process]]:
    folder = tmp_path_factory.mktemp("servers")
    started: list[Process] = []
    try:
        # One after the other: on an empty database each would create the first administrator.
        for name in ("a", "b"):
            started.append(start(database_url, folder / name, name))
            wait_healthy(started[-1])
        yield started[0], started[1]
    finally:
        for process in started:
            stop(process)


@pytest.fixture
async def school(client: httpx.AsyncClient, container: Container) -> School:
    return await build_school(client, container)


class Person:
    def __init__(self, http: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.http = http
        self.headers = headers


@asynccontextmanager
async def signed_in(school: School, process: Process, name: str) -> AsyncIterator[Person]:
    """``name`` signed in through ``process`` (the in-process tokens carry the test's clock)."""
    async with httpx.AsyncClient(base_url=process.http, timeout=10, trust_env=False) as http:
        response = await http.post(
            "/api/v1/auth/login",
            json={"email": school[name].email, "password": DEFAULT_PASSWORD},
        )
        assert response.status_code == 200, response.text
        yield Person(http, bearer(response.json()["access_token"]))


@asynccontextmanager
async def socket_on(process: Process, person: Person) -> AsyncIterator[ClientConnection]:
    """A socket held by ``process``, opened with a ticket (from whichever process) and ready."""
    response = await person.http.post("/api/v1/ws/ticket", headers=person.headers)
    assert response.status_code == 200, response.text
    url = f"{process.ws}?ticket={response.json()['ticket']}"
    async with connect(url, open_timeout=5, close_timeout=1) as connection:
        assert (await next_event(connection))["type"] == "ready"
        yield connection


async def next_event(
    connection: ClientConnection, within: float = 2.0, *, skip: tuple[str, ...] = ()
) -> dict[str, Any]:
    async with asyncio.timeout(within):
        while True:
            event: dict[str, Any] = json.loads(await connection.recv())
            if event["type"] not in skip:
                return event


async def nothing_arrives(connection: ClientConnection, within: float = 1.0) -> None:
    try:
        event = await next_event(connection, within)
    except TimeoutError:
        return
    raise AssertionError(f"unexpected event {event}")


async def test_a_message_sent_through_one_process_reaches_a_socket_held_by_the_other(
    servers: tuple[Process, Process], school: School
) -> None:
    a, b = servers
    room = chat_titled(await chats_of(school, "ann"), ROOM)["id"]
    async with (
        signed_in(school, a, "teo") as teo,
        signed_in(school, a, "ann") as ann,
        signed_in(school, a, "cid") as cid,
        socket_on(b, ann) as ann_on_b,
        socket_on(b, cid) as cid_on_b,
    ):
        sent_at = time.perf_counter()
        response = await teo.http.post(
            f"{CHATS}/{room}/messages", json={"content": "Homework: page 12"}, headers=teo.headers
        )
        assert response.status_code == 201, response.text

        event = await next_event(ann_on_b, DELIVERY_LIMIT, skip=("presence",))
        assert time.perf_counter() - sent_at < DELIVERY_LIMIT
        assert event["type"] == "message.created"
        assert event["data"]["id"] == response.json()["id"]
        assert event["data"]["content"] == "Homework: page 12"
        await nothing_arrives(cid_on_b)


async def test_typing_and_presence_cross_processes_to_participants_only(
    servers: tuple[Process, Process], school: School
) -> None:
    a, b = servers
    room = chat_titled(await chats_of(school, "ann"), ROOM)["id"]
    async with (
        signed_in(school, a, "teo") as teo,
        signed_in(school, b, "ann") as ann,
        signed_in(school, b, "cid") as cid,
        socket_on(a, teo) as teo_on_a,
        socket_on(b, cid) as cid_on_b,
    ):
        async with socket_on(b, ann) as ann_on_b:
            assert (await next_event(teo_on_a))["data"] == {
                "user_id": str(school["ann"].id),
                "online": True,
            }
            await ann_on_b.send(json.dumps({"type": "typing", "data": {"chat_id": room}}))
            typing = await next_event(teo_on_a, DELIVERY_LIMIT)
            assert (typing["type"], typing["data"]["chat_id"]) == ("typing", room)

        assert (await next_event(teo_on_a))["data"] == {
            "user_id": str(school["ann"].id),
            "online": False,
        }
        await nothing_arrives(cid_on_b)
