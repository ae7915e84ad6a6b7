"""SQL statements per request: one request per scenario on an in-process app, counted with a
SQLAlchemy ``before_cursor_execute`` listener (the pattern of ``count_statements`` in
``tests/conftest.py``). The server counts nothing itself; this is how the bench measures it.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
from bench.load import CHATS, Scenario, account
from bench.seed_compare import PASSWORD
from litestar import Litestar
from sqlalchemy import event, text


@asynccontextmanager
async def running(app: Litestar) -> AsyncIterator[None]:
    """The app's lifespan held open by one task (as tests/conftest.py does)."""
    started, stop = asyncio.Event(), asyncio.Event()

    async def lifespan() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(lifespan())
    waiter = asyncio.create_task(started.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        task.result()
    try:
        yield
    finally:
        stop.set()
        await task


async def count_statements(
    database_url: str, scenarios: Sequence[Scenario]
) -> tuple[dict[str, dict[str, Any]], str]:
    """For each scenario, the statements one request executes (after one uncounted request, so
    that connection set-up is not counted), and the server version of PostgreSQL."""
    from thebot.config import Settings
    from thebot.entrypoints.http.app import create_app

    counted: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="thebot-bench-") as data_dir:
        settings = Settings.from_env(
            {},
            env_file=None,
            env="development",
            data_dir=data_dir,
            database_url=database_url,
            log_level="WARNING",
        )
        app = create_app(settings)
        engine = app.state["container"].engine
        async with running(app):
            async with engine.connect() as connection:
                version = str(await connection.scalar(text("SHOW server_version")))
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
            async with httpx.AsyncClient(
                transport=transport, base_url="http://127.0.0.1:8000"
            ) as client:
                for scenario in scenarios:
                    counted[scenario.name] = await _count_one(client, engine, scenario)
    return counted, version


async def _count_one(client: httpx.AsyncClient, engine: Any, scenario: Scenario) -> dict[str, Any]:
    email = account(scenario.role, 0)
    body = {"email": email, "password": PASSWORD} if scenario.is_sign_in else None
    headers = {}
    if not scenario.is_sign_in:
        login = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        login.raise_for_status()
        headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    statements: list[str] = []

    def listener(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()))

    path = scenario.path
    if scenario.per_chat:
        chats = await client.get(CHATS, params={"limit": "1"}, headers=headers)
        chats.raise_for_status()
        path = path.format(chat_id=chats.json()["items"][0]["id"])
    if scenario.body is not None:
        body = scenario.body(0)
    send = {"params": dict(scenario.params), "json": body, "headers": headers}
    await client.request(scenario.method, path, **send)
    if scenario.body is not None:
        send["json"] = scenario.body(1)
    event.listen(engine.sync_engine, "before_cursor_execute", listener)
    try:
        response = await client.request(scenario.method, path, **send)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", listener)
    return {"status": response.status_code, "count": len(statements), "statements": statements}
