"""A database that is down or restarted costs clean 503 problems, never a 500 or a hang, and
the app recovers by itself once the database answers again."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.api.helpers import Client, assert_problem
from tests.api.test_system_api import UNREACHABLE_DATABASE, MakeSettings, serve
from tests.conftest import TEST_DATABASE_URL
from thebot.adapters.db.engine import create_engine

LOGIN = "/api/v1/auth/login"
CREDENTIALS = {"email": "nobody@example.test", "password": "not-the-password-1"}


async def test_an_unreachable_database_answers_503(make_settings: MakeSettings) -> None:
    async with serve(make_settings(database_url=UNREACHABLE_DATABASE)) as client:
        response = await client.post(LOGIN, json=CREDENTIALS)
    assert_problem(response, 503)
    assert response.headers["Retry-After"] == "1"
    assert "database" in response.json()["detail"]


@pytest.mark.skipif(TEST_DATABASE_URL is None, reason="server restarts are PostgreSQL's")
async def test_connections_killed_by_a_restart_cost_one_503_then_recover(
    client: Client,
) -> None:
    assert_problem(await client.post(LOGIN, json=CREDENTIALS), 401)  # the pool is warm
    assert TEST_DATABASE_URL is not None
    outsider = create_engine(TEST_DATABASE_URL, pool_size=1)  # not one of the app's connections
    try:
        async with outsider.connect() as connection:
            killed = await connection.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
    finally:
        await outsider.dispose()
    assert killed >= 1
    answers = [(await client.post(LOGIN, json=CREDENTIALS)).status_code for _ in range(3)]
    # The first request finds its connection dead; the pool then drops the others too.
    assert answers == [503, 401, 401]
