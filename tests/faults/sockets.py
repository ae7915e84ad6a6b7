"""Sockets of a real ``thebot run`` process, opened with a one-time ticket like the web app."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from tests.processes import Process


@asynccontextmanager
async def socket_of(
    process: Process, http: httpx.AsyncClient, headers: dict[str, str]
) -> AsyncIterator[ClientConnection]:
    """A ready socket of the user of ``headers`` (the ticket must be issued: 200)."""
    response = await http.post("/api/v1/ws/ticket", headers=headers)
    assert response.status_code == 200, response.text
    url = f"{process.ws}?ticket={response.json()['ticket']}"
    async with connect(url, open_timeout=5, close_timeout=1) as connection:
        assert (await next_event(connection, 5))["type"] == "ready"
        yield connection


async def next_event(
    connection: ClientConnection, within: float, *, of_type: str | None = None
) -> dict[str, Any]:
    """The next event (of ``of_type`` when given) within ``within`` seconds."""
    async with asyncio.timeout(within):
        while True:
            event: dict[str, Any] = json.loads(await connection.recv())
            if of_type is None or event["type"] == of_type:
                return event
