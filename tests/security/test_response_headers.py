"""Security headers and CORS on every kind of response: API JSON, problems, unknown paths,
file downloads, avatars, the web app's HTML and the API docs.

Existing API tests check a few of these on single routes; here every kind is held to the
same list, HSTS is proved to appear with production settings only, and CORS answers only the
configured origin, never with credentials or a wildcard.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import msgspec
import pytest

from tests.api.helpers import Client, bearer, sign_in
from tests.api.homework_helpers import PDF
from tests.api.images import picture
from tests.api.people_helpers import seed_subject
from tests.conftest import app_client
from tests.factories import DEFAULT_PASSWORD, create_user
from thebot.bootstrap import Container
from thebot.config import Environment, Settings
from thebot.domain.accounts.entities import Role
from thebot.entrypoints.http.app import create_app

ALLOWED_ORIGIN = "https://app.school.test"
OTHER_ORIGIN = "https://evil.example"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    web = tmp_path / "web" / "dist"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text("<!doctype html><title>THE BOT</title>")
    (web / "assets" / "app.js").write_text("console.log('app')")
    return web


@pytest.fixture
def settings(make_settings: Callable[..., Settings], dist: Path) -> Settings:
    return make_settings(web_dist_dir=str(dist), cors_origins=[ALLOWED_ORIGIN])


async def every_kind(client: Client, container: Container) -> dict[str, httpx.Response]:
    """One response of each kind the platform gives."""
    teo = await create_user(container, role=Role.TEACHER, email="teo@example.org")
    teacher = bearer((await sign_in(client, "teo@example.org", DEFAULT_PASSWORD))["access_token"])
    subject_id = await seed_subject(container, "Mathematics")
    async with container.unit_of_work() as uow:
        await uow.people.set_teacher_subjects(teo.user.id, [subject_id])
        await uow.commit()
    forbidden = await client.post("/api/v1/subjects", json={"name": "Art"}, headers=teacher)
    material = await client.post(
        "/api/v1/materials",
        json={"title": "Notes", "subject_id": str(subject_id), "type": "theory", "student_ids": []},
        headers=teacher,
    )
    assert material.status_code == 201, material.text
    url = f"/api/v1/materials/{material.json()['id']}/file"
    uploaded = await client.put(
        url, files={"file": ("notes.pdf", PDF, "application/pdf")}, headers=teacher
    )
    assert uploaded.status_code == 200, uploaded.text
    avatar = await client.put(
        "/api/v1/profile/avatar",
        files={"file": ("me.png", picture("PNG", (32, 32)), "image/png")},
        headers=teacher,
    )
    avatar_path = httpx.URL(avatar.json()["avatar_url"]).path
    return {
        "api json": await client.get("/api/v1/auth/me", headers=teacher),
        "created": await client.post(
            "/api/v1/ws/ticket", headers={**teacher, "Origin": ALLOWED_ORIGIN}
        ),
        "problem 401": await client.get("/api/v1/auth/me"),
        "problem 403": forbidden,
        "problem 404 of the api": await client.get("/api/v1/no-such-thing", headers=teacher),
        "problem 405": await client.delete("/api/v1/config"),
        "health": await client.get("/health"),
        "file download": await client.get(url, headers=teacher),
        "avatar": await client.get(avatar_path),
        "web app html": await client.get("/"),
        "web app deep link": await client.get("/lessons/123"),
        "web app asset": await client.get("/assets/app.js"),
        "docs html": await client.get("/api/docs"),
        "openapi document": await client.get("/api/schema/openapi.json"),
    }


async def test_every_kind_of_response_carries_the_security_headers(
    client: Client, container: Container
) -> None:
    kinds = await every_kind(client, container)
    download = kinds["file download"]
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert download.headers["content-type"] == "application/pdf"
    for kind, response in kinds.items():
        headers = response.headers
        assert response.status_code < 500, kind
        assert headers["x-content-type-options"] == "nosniff", kind
        assert headers["x-frame-options"] == "DENY", kind
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", kind
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp or "sandbox" in csp, kind
        assert "strict-transport-security" not in headers, f"{kind}: HSTS outside production"
        assert "server" not in headers, kind
        assert "x-powered-by" not in headers, kind
        if headers.get("content-type", "").startswith("text/html"):
            assert "default-src" in csp, kind
            assert "object-src 'none'" in csp, kind
            if kind != "docs html":
                assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0], kind
        if response.request.url.path.startswith("/api/"):
            assert "no-store" in headers["cache-control"], kind


async def test_hsts_is_sent_in_production_only(settings: Settings, container: Container) -> None:
    production = msgspec.structs.replace(
        settings, env=Environment.PRODUCTION, public_url="https://school.example.org"
    )
    async with app_client(create_app(production, container=container)) as client:
        for path in ("/health", "/api/v1/auth/me", "/api/v1/nowhere", "/"):
            response = await client.get(path)
            assert response.headers["strict-transport-security"] == (
                "max-age=31536000; includeSubDomains"
            ), path


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/config"),
        ("GET", "/api/v1/auth/me"),
        ("POST", "/api/v1/auth/login"),
        ("GET", "/api/v1/no-such-thing"),
        ("GET", "/health"),
    ],
)
async def test_cors_answers_only_the_configured_origin_without_credentials(
    client: Client, method: str, path: str
) -> None:
    allowed = await client.request(
        "OPTIONS",
        path,
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert allowed.headers.get("access-control-allow-credentials") != "true"
    refused = await client.request(
        "OPTIONS",
        path,
        headers={"Origin": OTHER_ORIGIN, "Access-Control-Request-Method": method},
    )
    assert "access-control-allow-origin" not in refused.headers
    for origin, expected in ((ALLOWED_ORIGIN, ALLOWED_ORIGIN), (OTHER_ORIGIN, None)):
        simple = await client.request(method, path, headers={"Origin": origin}, json=None)
        assert simple.headers.get("access-control-allow-origin") == expected, (origin, path)
        assert simple.headers.get("access-control-allow-credentials") != "true"
        assert simple.headers.get("access-control-allow-origin") != "*"
        assert "x-content-type-options" in simple.headers


async def test_a_null_or_lookalike_origin_is_not_allowed(client: Client) -> None:
    for origin in (
        "null",
        "https://app.school.test.evil.example",
        "https://evilapp.school.test",
        "http://app.school.test",
        "https://app.school.test:8443",
    ):
        response = await client.get("/api/v1/config", headers={"Origin": origin})
        assert "access-control-allow-origin" not in response.headers, origin
