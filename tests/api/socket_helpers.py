"""WebSockets for tests: the app served by uvicorn in the test's own event loop, real clients.

Litestar's test clients run the app in a portal thread with another event loop, which the
database and Redis connections shared with the test cannot cross; uvicorn in this loop can.
The app's lifespan is run by the ``client`` fixture, so uvicorn runs none.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from litestar import Litestar
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.api.learning_helpers import School

TICKET = "/api/v1/ws/ticket"
QUIET = 0.4  # how long "nothing arrives" is watched


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:  # the test runner keeps its signals
        yield


@asynccontextmanager
async def serving(app: Litestar) -> AsyncIterator[str]:
    """``ws://127.0.0.1:<port>`` of the app, served until the block ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="off", log_config=None, access_log=False, ws="auto", ws_ping_interval=None
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        async with asyncio.timeout(5):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        yield f"ws://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        listener.close()


class Socket:
    """One client's socket: JSON events in, JSON messages out."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    async def send(self, message: dict[str, Any] | str) -> None:
        await self.connection.send(message if isinstance(message, str) else json.dumps(message))

    async def next_event(self, within: float = 1.0) -> dict[str, Any]:
        async with asyncio.timeout(within):
            event: dict[str, Any] = json.loads(await self.connection.recv())
        return event

    async def expect(self, kind: str, within: float = 1.0) -> dict[str, Any]:
        """The next event of this type; events of other types before it are skipped."""
        async with asyncio.timeout(within):
            while True:
                event = await self.next_event(within)
                if event["type"] == kind:
                    return event

    async def collect(self, within: float) -> list[dict[str, Any]]:
        """Every event that arrives within the time."""
        events: list[dict[str, Any]] = []
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                while True:
                    events.append(await self.next_event(within))
        return events

    async def quiet(self, within: float = QUIET, *, ignore: tuple[str, ...] = ()) -> None:
        """Nothing (but events of the ignored types) arrives within the time."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                while True:
                    event = await self.next_event(within)
                    assert event["type"] in ignore, event

    async def closed_with(self, within: float = 2.0) -> tuple[int, str, list[str]]:
        """The close code and reason, and every data frame that came before them."""
        received: list[str] = []
        async with asyncio.timeout(within):
            with contextlib.suppress(ConnectionClosed):
                while True:
                    received.append(str(await self.connection.recv()))
        close = self.connection.protocol.close_rcvd
        assert close is not None, "the server did not close the socket"
        return close.code, close.reason, received


async def ticket_for(school: School, name: str) -> str:
    response = await school.client.post(TICKET, headers=school[name].headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["expires_in"] == 30
    ticket: str = body["ticket"]
    return ticket


@asynccontextmanager
async def raw_socket(server: str, query: str = "") -> AsyncIterator[Socket]:
    async with connect(f"{server}/api/v1/ws{query}", open_timeout=2, close_timeout=1) as conn:
        yield Socket(conn)


@asynccontextmanager
async def socket_of(school: School, server: str, name: str) -> AsyncIterator[Socket]:
    """``name``'s socket, once it said ``ready`` (its subscription is live)."""
    ticket = await ticket_for(school, name)
    async with raw_socket(server, f"?ticket={ticket}") as opened:
        ready = await opened.next_event()
        assert ready == {"type": "ready", "data": {"user_id": str(school[name].id)}}
        yield opened
