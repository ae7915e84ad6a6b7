"""A real ``thebot run`` process at DEBUG: its log file holds no secret, and its answers name no
server software.

The in-process scenario (test_secrets_in_logs.py) sees what the platform logs; only a real
server shows what uvicorn adds around it: its WebSocket handshake lines (whose URL carries the
one-time ticket) and its ``Server`` header.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.conftest import needs_redis
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.processes import Process, start, stop, wait_healthy
from thebot.bootstrap import Container

pytestmark = needs_redis

NEW_PASSWORD = "Process-Secret-2026"


@pytest.fixture
def server(database_url: str, tmp_path: Path, container: Container) -> Iterator[Process]:
    """One server at DEBUG, JSON logs; started after the tables were emptied (``test``: an empty
    development database would get the demo school first)."""
    process = start(
        database_url,
        tmp_path / "server",
        "server",
        THEBOT_ENV="test",
        THEBOT_LOG_LEVEL="DEBUG",
        THEBOT_LOG_FORMAT="json",
    )
    try:
        wait_healthy(process, within=120)
        yield process
    finally:
        stop(process)


async def test_a_real_server_logs_no_secret_and_names_no_software(
    server: Process, container: Container
) -> None:
    await create_user(container, email="ann@example.org")
    secrets = {DEFAULT_PASSWORD, NEW_PASSWORD}
    async with httpx.AsyncClient(base_url=server.http, timeout=30, trust_env=False) as http:
        login = await http.post(
            "/api/v1/auth/login", json={"email": "ann@example.org", "password": DEFAULT_PASSWORD}
        )
        assert login.status_code == 200, login.text
        tokens = login.json()
        secrets |= {tokens["access_token"], tokens["refresh_token"]}
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        changed = await http.post(
            "/api/v1/auth/password",
            json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
            headers=headers,
        )
        assert changed.status_code == 204
        refreshed = await http.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert refreshed.status_code == 200, refreshed.text
        secrets |= {refreshed.json()["access_token"], refreshed.json()["refresh_token"]}
        headers = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}

        feed_url = (await http.get("/api/v1/calendar", headers=headers)).json()["feed_url"]
        feed_token = httpx.URL(feed_url).params["token"]
        secrets.add(feed_token)
        feed = await http.get("/api/v1/calendar.ics", params={"token": feed_token})
        assert feed.status_code == 200

        ticket = (await http.post("/api/v1/ws/ticket", headers=headers)).json()["ticket"]
        secrets.add(ticket)
        async with connect(f"{server.ws}?ticket={ticket}", open_timeout=30) as socket:
            assert json.loads(await socket.recv())["type"] == "ready"
        replay = await http.post("/api/v1/ws/ticket", headers=headers)
        secrets.add(replay.json()["ticket"])

        for response in (login, changed, feed, replay, await http.get("/nowhere")):
            assert "server" not in response.headers, response.headers.get("server")
            assert response.headers["x-content-type-options"] == "nosniff"
        logout = await http.post("/api/v1/auth/logout", headers=headers)
        assert logout.status_code == 204
    stop(server)

    log = server.log.read_text()
    assert '"level": "debug"' in log, "the server logged at DEBUG"
    assert "/api/v1/ws" in log, "the socket was logged"
    for secret in secrets:
        assert secret not in log, f"a secret was logged: {secret[:6]}…"
    assert "$argon2" not in log
