"""Graceful shutdown of ``thebot run`` on SIGTERM: open sockets are told the server is going
away (1001, with a reason), a request in flight still completes, new connections are refused,
and the process exits with status 0."""

from __future__ import annotations

import asyncio
import json
import signal
from contextlib import suppress
from pathlib import Path

import asyncpg
import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.api.helpers import Client
from tests.api.learning_helpers import School
from tests.conftest import TEST_DATABASE_URL
from tests.ops.server_helpers import bearer_of, exit_status, serve
from tests.processes import stop
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role
from thebot.entrypoints.http.shutdown import GOING_AWAY_REASON

GOING_AWAY = 1001


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    school = School(client, container)
    await school.add("ann", Role.STUDENT)
    return school


async def test_an_open_socket_is_closed_with_1001_when_the_server_is_stopped(
    database_url: str, tmp_path: Path, school: School
) -> None:
    server = serve(database_url, tmp_path)
    try:
        headers = await bearer_of(server, school["ann"].email)
        async with httpx.AsyncClient(base_url=server.http, trust_env=False) as http:
            ticket = (await http.post("/api/v1/ws/ticket", headers=headers)).json()["ticket"]
        async with connect(f"{server.ws}?ticket={ticket}", open_timeout=10) as socket:
            assert json.loads(await socket.recv())["type"] == "ready"
            server.popen.send_signal(signal.SIGTERM)
            with suppress(ConnectionClosed):
                async with asyncio.timeout(30):
                    while True:
                        await socket.recv()
            close = socket.protocol.close_rcvd
        assert close is not None
        assert (close.code, close.reason) == (GOING_AWAY, GOING_AWAY_REASON)
        assert await exit_status(server) == 0
    finally:
        stop(server)


@pytest.mark.skipif(TEST_DATABASE_URL is None, reason="holds a PostgreSQL row lock")
async def test_a_request_in_flight_completes_after_sigterm_while_new_ones_are_refused(
    database_url: str, tmp_path: Path, school: School
) -> None:
    server = serve(database_url, tmp_path)
    dsn = database_url.replace("postgresql+asyncpg://", "postgresql://")
    lock = await asyncpg.connect(dsn)
    try:
        headers = await bearer_of(server, school["ann"].email)
        # The request needs Ann's row, which this transaction holds until the end of the test.
        transaction = lock.transaction()
        await transaction.start()
        await lock.execute("SELECT id FROM users WHERE id = $1 FOR UPDATE", school["ann"].id)
        async with httpx.AsyncClient(base_url=server.http, trust_env=False, timeout=60) as http:
            in_flight = asyncio.create_task(
                http.patch("/api/v1/profile", json={"first_name": "Anna"}, headers=headers)
            )
            await _until_a_query_waits_for(lock)

            server.popen.send_signal(signal.SIGTERM)
            await _until_refused(server.http)
            assert server.popen.poll() is None  # still finishing the request in flight

            await transaction.rollback()
            response = await in_flight
        assert response.status_code == 200, response.text
        saved = await lock.fetchval("SELECT first_name FROM users WHERE id = $1", school["ann"].id)
        assert saved == "Anna"
        assert await exit_status(server) == 0
    finally:
        await lock.close()
        stop(server)


async def _until_a_query_waits_for(lock: asyncpg.Connection) -> None:
    async with asyncio.timeout(60):
        # Polled: the database signals nothing when a query starts waiting for a lock.
        while not await lock.fetchval(  # noqa: ASYNC110
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        ):
            await asyncio.sleep(0.05)


async def _until_refused(base_url: str) -> None:
    async with asyncio.timeout(60):
        while True:
            try:
                async with httpx.AsyncClient(base_url=base_url, trust_env=False) as http:
                    await http.get("/health", timeout=2)
            except httpx.ConnectError:
                return
            await asyncio.sleep(0.05)
