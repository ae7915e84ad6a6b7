"""Liveness, readiness, public configuration, API docs and CORS."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tests.conftest import TEST_REDIS_URL, app_client
from thebot import __version__
from thebot.bootstrap import build_container
from thebot.config import Settings
from thebot.entrypoints.http.app import create_app

Client = httpx.AsyncClient
MakeSettings = Callable[..., Settings]

UNREACHABLE_DATABASE = "postgresql+asyncpg://postgres@127.0.0.1:1/none"
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
GENERATED_REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")
PUBLIC_OPERATIONS = frozenset(
    {
        "login",
        "refreshTokens",
        "getHealth",
        "getReadiness",
        "getPublicConfig",
        # The calendar feed's key is the signed token in its URL (calendar apps send no headers).
        "getCalendarIcs",
        # YooKassa's notifications: checked by sender network, then re-read from YooKassa.
        "receiveYookassaNotification",
    }
)
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


@asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[Client]:
    """An app of its own on ``settings``, started and shut down around the block."""
    app = create_app(settings, container=build_container(settings))
    async with app_client(app) as client:
        yield client


# ----- /health ----------------------------------------------------------------------------


async def test_health_answers_ok_with_request_id_and_security_headers(client: Client) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert GENERATED_REQUEST_ID.match(response.headers["X-Request-ID"])
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "Strict-Transport-Security" not in response.headers


async def test_each_request_gets_its_own_request_id(client: Client) -> None:
    first = await client.get("/health")
    second = await client.get("/health")

    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


async def test_a_valid_supplied_request_id_is_echoed(client: Client) -> None:
    response = await client.get("/health", headers={"X-Request-ID": "edge-42.abc:7_x"})

    assert response.headers["X-Request-ID"] == "edge-42.abc:7_x"


async def test_an_invalid_supplied_request_id_is_replaced(client: Client) -> None:
    for supplied in ("a" * 300, "has spaces in it", "bad\tid", "<script>"):
        response = await client.get("/health", headers={"X-Request-ID": supplied})

        assert response.status_code == 200
        assert GENERATED_REQUEST_ID.match(response.headers["X-Request-ID"])


async def test_unknown_paths_also_carry_request_id_and_security_headers(client: Client) -> None:
    response = await client.get("/no/such/page")

    assert response.status_code == 404
    assert GENERATED_REQUEST_ID.match(response.headers["X-Request-ID"])
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


# ----- /ready -----------------------------------------------------------------------------


async def test_ready_when_the_database_answers(client: Client) -> None:
    response = await client.get("/ready")

    assert response.status_code == 200
    expected = [{"name": "database", "ok": True, "detail": None}]
    if TEST_REDIS_URL is not None:
        expected.append({"name": "redis", "ok": True, "detail": None})
    assert response.json() == {"status": "ready", "checks": expected}


async def test_not_ready_when_the_database_is_unreachable(make_settings: MakeSettings) -> None:
    async with serve(make_settings(database_url=UNREACHABLE_DATABASE)) as client:
        response = await client.get("/ready")

    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "unavailable"
    database = body["checks"][0]
    assert database["name"] == "database"
    assert database["ok"] is False
    assert isinstance(database["detail"], str)
    assert database["detail"] != ""
    assert [check["name"] for check in body["checks"]] == (
        ["database"] if TEST_REDIS_URL is None else ["database", "redis"]
    )


async def test_not_ready_when_configured_redis_is_unreachable(make_settings: MakeSettings) -> None:
    settings = make_settings(redis_url=UNREACHABLE_REDIS)
    async with serve(settings) as client:
        response = await client.get("/ready")

    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {
        "status": "unavailable",
        "checks": [
            {"name": "database", "ok": True, "detail": None},
            {"name": "redis", "ok": False, "detail": "ConnectionError"},
        ],
    }


async def test_app_shuts_down_cleanly_when_redis_is_unreachable(
    make_settings: MakeSettings,
) -> None:
    async with serve(make_settings(redis_url=UNREACHABLE_REDIS)) as client:
        response = await client.get("/ready")

    assert response.status_code == 503


# ----- /api/v1/config ---------------------------------------------------------------------


async def test_config_gives_the_loopback_urls_of_test_settings(client: Client) -> None:
    response = await client.get("/api/v1/config")

    assert response.status_code == 200
    assert response.json() == {
        "environment": "test",
        "version": __version__,
        "public_url": "http://127.0.0.1:8000",
        "api_base_url": "http://127.0.0.1:8000/api/v1",
        "websocket_url": "ws://127.0.0.1:8000/api/v1/ws",
        "media_base_url": "http://127.0.0.1:8000/media",
        "timezone": "Europe/Moscow",
    }


async def test_config_gives_https_and_wss_urls_of_the_public_url(
    make_settings: MakeSettings,
) -> None:
    settings = make_settings(public_url="https://school.example.org")
    async with serve(settings) as client:
        # The Host the request came to must not leak into the answer.
        response = await client.get("/api/v1/config", headers={"Host": "127.0.0.1:8000"})

    assert response.status_code == 200
    body = response.json()
    assert body["public_url"] == "https://school.example.org"
    assert body["api_base_url"] == "https://school.example.org/api/v1"
    assert body["websocket_url"] == "wss://school.example.org/api/v1/ws"
    assert body["media_base_url"] == "https://school.example.org/media"
    for value in body.values():
        assert "127.0.0.1" not in value
        assert "localhost" not in value


async def test_config_needs_no_sign_in_even_with_a_bad_token(client: Client) -> None:
    response = await client.get("/api/v1/config", headers={"Authorization": "Bearer nonsense"})

    assert response.status_code == 200
    assert response.json()["environment"] == "test"


# ----- documentation ----------------------------------------------------------------------


async def test_api_docs_page_is_html(client: Client) -> None:
    response = await client.get("/api/docs")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<html" in response.text.lower()
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


async def fetch_openapi(client: Client) -> dict[str, Any]:
    response = await client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


async def test_openapi_document_is_version_3_1_with_unique_operation_ids(client: Client) -> None:
    document = await fetch_openapi(client)

    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "THE BOT API"
    ids = [operation.get("operationId") for _, _, operation in operations(document)]
    assert all(isinstance(op_id, str) and op_id for op_id in ids), ids
    assert len(ids) == len(set(ids)), ids
    assert set(ids) >= PUBLIC_OPERATIONS
    assert "getApiDocs" not in ids


async def test_openapi_declares_bearer_security_on_every_non_public_operation(
    client: Client,
) -> None:
    document = await fetch_openapi(client)

    assert document["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    for method, path, operation in operations(document):
        if operation["operationId"] in PUBLIC_OPERATIONS:
            assert "security" not in operation, (method, path)
        else:
            assert operation.get("security") == [{"BearerToken": []}], (method, path)


# ----- CORS -------------------------------------------------------------------------------


async def test_cors_preflight_from_an_allowed_origin_is_answered(client: Client) -> None:
    response = await client.options(
        "/api/v1/config",
        headers={
            "Origin": "http://127.0.0.1:5173",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization",
        },
    )

    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:5173"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


async def test_cors_preflight_from_a_disallowed_origin_gets_no_allow_origin(
    client: Client,
) -> None:
    response = await client.options(
        "/api/v1/config",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )

    assert response.status_code == 400
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_cors_simple_request_from_a_disallowed_origin_gets_no_allow_origin(
    client: Client,
) -> None:
    response = await client.get("/api/v1/config", headers={"Origin": "https://evil.example"})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
