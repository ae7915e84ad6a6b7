"""The web app's build served at ``/``: deep links, assets, the API left alone, no escape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar

from tests.api.helpers import assert_problem
from tests.conftest import app_client
from thebot.bootstrap import Container
from thebot.config import Settings
from thebot.entrypoints.http.app import create_app

Client = httpx.AsyncClient
INDEX_MARK = "<title>THE BOT test build</title>"
ASSET = "/assets/index-1a2b3c4d.js"
SECRET = "a file next to the build that must never be served"
TRAVERSALS = [
    "/../pyproject.toml",
    "/../../pyproject.toml",
    "/assets/../../pyproject.toml",
    "/%2e%2e/pyproject.toml",
    "/%2E%2E%2Fpyproject.toml",
    "/..%2fpyproject.toml",
    "/assets/%2e%2e/%2e%2e/pyproject.toml",
    "/..%5cpyproject.toml",
    "/%252e%252e/pyproject.toml",
]


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A build as Vite lays it out, with a secret file just outside it."""
    web = tmp_path / "web"
    (web / "dist" / "assets").mkdir(parents=True)
    (web / "pyproject.toml").write_text(SECRET)
    (web / "dist" / "index.html").write_text(f"<!doctype html>{INDEX_MARK}")
    (web / "dist" / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (web / "dist" / ".env").write_text(SECRET)
    (web / "dist" / ASSET.lstrip("/")).write_text("console.log('the app')")
    return web / "dist"


@pytest.fixture
def settings(make_settings: Callable[..., Settings], dist: Path) -> Settings:
    return make_settings(web_dist_dir=str(dist))


async def raw_get(app: Litestar, path: str) -> tuple[int, bytes]:
    """A GET with this exact path (HTTP clients remove dot segments before sending)."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8000")],
        "client": ("203.0.113.10", 50000),
        "server": ("127.0.0.1", 8000),
    }
    status = 0
    body = b""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, body
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body += message.get("body", b"")

    await app(scope, receive, send)  # type: ignore[arg-type]
    return status, body


async def test_the_index_is_served_at_the_root(client: Client, settings: Settings) -> None:
    response = await client.get("/")

    assert response.status_code == 200
    assert INDEX_MARK in response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert f"connect-src 'self' {settings.urls.websocket};" in policy
    assert "unsafe-inline" not in policy


async def test_a_deep_link_gets_the_index_for_the_app_router(client: Client) -> None:
    for path in ("/dashboard/student", "/study-plans/0190f3f4-0000-7000-8000-000000000000"):
        response = await client.get(path)

        assert response.status_code == 200
        assert INDEX_MARK in response.text


async def test_an_asset_is_served_with_its_type_and_kept_for_a_year(client: Client) -> None:
    response = await client.get(ASSET)

    assert response.status_code == 200
    assert response.text == "console.log('the app')"
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_other_files_of_the_build_are_served_and_revalidated(client: Client) -> None:
    response = await client.get("/favicon.svg")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.headers["cache-control"] == "no-cache"


async def test_a_missing_asset_is_404_not_the_index(client: Client) -> None:
    assert_problem(await client.get("/assets/index-00000000.js"), 404)


async def test_unknown_api_paths_are_still_json_problems(client: Client) -> None:
    for path in ("/api/v1/no-such-thing", "/api/no-such-thing", "/api", "/media/nothing.png"):
        body = assert_problem(await client.get(path), 404)
        assert body["instance"] == path
    assert_problem(await client.post("/api/v1/no-such-thing", json={}), 404)
    assert_problem(await client.delete("/dashboard/student"), 404)


async def test_the_api_keeps_its_own_strict_policy(client: Client) -> None:
    response = await client.get("/api/v1/config")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "connect-src 'self';" in response.headers["content-security-policy"]
    assert (await client.get("/health")).json() == {"status": "ok"}


async def test_the_web_app_is_not_part_of_the_api_contract(client: Client) -> None:
    paths = (await client.get("/api/schema/openapi.json")).json()["paths"]

    assert all(path.startswith(("/api/", "/health", "/ready")) for path in paths)


async def test_hidden_files_of_the_build_are_not_served(client: Client) -> None:
    response = await client.get("/.env")

    assert SECRET not in response.text
    assert INDEX_MARK in response.text


async def test_no_path_leaves_the_build_directory(client: Client, app: Litestar) -> None:
    for path in TRAVERSALS:
        status, body = await raw_get(app, path)

        assert SECRET.encode() not in body, path
        assert status in (200, 404), path
    for path in TRAVERSALS:
        response = await client.get(path)
        assert SECRET not in response.text, path


async def test_without_a_build_the_root_says_how_to_make_one(
    make_settings: Callable[..., Settings], container: Container, tmp_path: Path
) -> None:
    settings = make_settings(web_dist_dir=str(tmp_path / "never-built"))
    async with app_client(create_app(settings, container=container)) as client:
        root = await client.get("/")
        deep = await client.get("/dashboard/student")
        api = await client.get("/api/v1/no-such-thing")

    assert root.status_code == 200
    assert root.headers["content-type"].startswith("text/html")
    assert "make web" in root.text
    assert deep.status_code == 404
    assert "make web" in deep.text
    assert_problem(api, 404)
