"""Every error is an RFC 9457 problem; bad input changes nothing; internals never leak."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import structlog
from sqlalchemy import func, select

from tests.api.helpers import Client, assert_problem, bearer, sign_in
from tests.conftest import app_client
from tests.factories import DEFAULT_PASSWORD, create_user
from thebot.adapters.db.models import AuthSessionModel
from thebot.bootstrap import Container
from thebot.config import Settings
from thebot.domain.accounts.services import AuthService
from thebot.entrypoints.http.app import create_app

LOGIN = "/api/v1/auth/login"
JSON = {"Content-Type": "application/json"}


async def sessions(container: Container) -> int:
    async with container.unit_of_work() as uow:
        return int(
            await uow.session.scalar(select(func.count()).select_from(AuthSessionModel)) or 0
        )


@pytest.mark.parametrize("raw", ['{"email": "ann@example.org"', "not json", "{'a': 1}", "[1,"])
async def test_malformed_json_is_400(client: Client, container: Container, raw: str) -> None:
    body = assert_problem(await client.post(LOGIN, content=raw, headers=JSON), 400)
    assert body["type"] == "urn:thebot:problem:malformed-body"
    assert "not valid JSON" in body["detail"]
    assert await sessions(container) == 0


async def test_empty_body_is_400(client: Client) -> None:
    assert_problem(await client.post(LOGIN, content=b"", headers=JSON), 400, fields=["body"])


async def test_json_that_is_not_an_object_is_400(client: Client) -> None:
    assert_problem(await client.post(LOGIN, json=[1, 2]), 400, fields=["body"])


async def test_unknown_fields_are_refused_not_ignored(client: Client, container: Container) -> None:
    await create_user(container, email="ann@example.org")
    response = await client.post(
        LOGIN,
        json={"email": "ann@example.org", "password": DEFAULT_PASSWORD, "is_admin": True},
    )
    body = assert_problem(response, 400, fields=["is_admin"])
    assert body["errors"][0]["message"] == "is not a known field"
    assert await sessions(container) == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": ["ann@example.org"], "password": "x"}, "email"),
        ({"email": "ann@example.org", "password": None}, "password"),
        ({"email": "ann@example.org", "password": 12345678901}, "password"),
        ({"email": "a", "password": "x"}, "email"),
    ],
)
async def test_wrong_types_name_the_field(
    client: Client, payload: dict[str, object], field: str
) -> None:
    assert_problem(await client.post(LOGIN, json=payload), 400, fields=[field])


async def test_missing_fields_are_named(client: Client) -> None:
    body = assert_problem(await client.post(LOGIN, json={"password": "x"}), 400, fields=["email"])
    assert body["errors"][0]["message"] == "is required"


async def test_unknown_route_is_404_problem(client: Client) -> None:
    body = assert_problem(await client.get("/api/v1/no-such-thing"), 404)
    assert body["instance"] == "/api/v1/no-such-thing"


async def test_wrong_method_is_405_problem(client: Client) -> None:
    assert_problem(await client.delete("/api/v1/auth/login"), 405)


async def test_non_json_body_is_415(client: Client, container: Container) -> None:
    await create_user(container, email="ann@example.org")
    response = await client.post(
        LOGIN,
        content=f'{{"email":"ann@example.org","password":"{DEFAULT_PASSWORD}"}}',
        headers={"Content-Type": "text/plain"},
    )
    assert_problem(response, 415)
    assert await sessions(container) == 0


async def test_oversized_body_is_413(
    make_settings: Callable[..., Settings], container: Container
) -> None:
    app = create_app(make_settings(max_request_body_bytes=1024), container=container)
    async with app_client(app) as client:
        response = await client.post(
            LOGIN, json={"email": "ann@example.org", "password": "x" * 4000}
        )
    assert_problem(response, 413)


async def test_unexpected_failure_is_500_without_internals(
    client: Client, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def explode(*_: object, **__: object) -> None:
        raise RuntimeError("connection string postgresql://secret@db and a stack")

    monkeypatch.setattr(AuthService, "login", explode)
    response = await client.post(LOGIN, json={"email": "ann@example.org", "password": "x"})
    body = assert_problem(response, 500)
    assert body["detail"] == "The server could not complete the request."
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert body["request_id"] == response.headers["X-Request-ID"]


async def test_problems_carry_request_id_and_security_headers(client: Client) -> None:
    response = await client.get("/api/v1/auth/me", headers={"X-Request-ID": "req-123"})
    body = assert_problem(response, 401)
    assert body["request_id"] == "req-123"
    assert response.headers["X-Request-ID"] == "req-123"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


async def test_one_log_line_per_request_with_user_and_request_id(
    client: Client, container: Container
) -> None:
    account = await create_user(container, email="ann@example.org")
    tokens = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    with structlog.testing.capture_logs() as logs:
        await client.get(
            "/api/v1/auth/me", headers={**bearer(tokens["access_token"]), "X-Request-ID": "r-1"}
        )
    lines = [line for line in logs if line["event"] == "request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/auth/me"
    assert line["status"] == 200
    assert line["user_id"] == str(account.user.id)
    assert line["duration_ms"] >= 0
    assert line["log_level"] == "info"
    assert DEFAULT_PASSWORD not in str(logs)
    assert tokens["access_token"] not in str(logs)
