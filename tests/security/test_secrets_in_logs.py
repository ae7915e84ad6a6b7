"""Secrets never in logs, passwords never in responses: one full scenario at DEBUG level.

Everything the logging setup writes (structlog and the standard library, rendered as JSON the
way production writes it) and every response body is kept while a school signs in, refreshes,
changes a password, is handed one-time credentials, asks for a socket ticket and a calendar feed,
pays through the YooKassa fake (with its webhook) and has forum messages posted to the Pachca
fake. Then no password, token, ticket, feed token or configured secret may appear in the logs,
and no response but the documented one-time credential answers may carry a password.
"""

from __future__ import annotations

import base64
import io
import json
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar

from tests.api.forum_helpers import chat_titled, chats_of, sent
from tests.api.helpers import bearer, sign_in
from tests.api.learning_helpers import School, build_school
from tests.api.payment_helpers import PAYMENTS, priced, started
from tests.conftest import running
from tests.factories import DEFAULT_PASSWORD
from tests.fakes.clock import FakeClock
from tests.fakes.pachca import CHAT_ID, TOKEN, ClockSleep, FakePachca
from tests.fakes.yookassa import SECRET_KEY, SHOP_ID, FakeYooKassa
from thebot.adapters.jobs import InProcessJobQueue
from thebot.bootstrap import Container
from thebot.config import Settings

SECRET = "security-test-secret-key-0123456789-abcdefghij"
NEW_PASSWORD = "Brand-New-Secret-2026"
YOOKASSA_SENDER = ("77.75.153.10", 443)
# The documented one-time credential answers, and where in them the password stands.
CREDENTIAL_ANSWERS = {
    ("POST", "/api/v1/admin/users"): {"credentials.password"},
    ("POST", "/api/v1/admin/users/{id}/reset-password"): {"credentials.password"},
    ("POST", "/api/v1/admin/families"): {
        "student.credentials.password",
        "parent_credentials.password",
    },
}


@pytest.fixture
def pachca() -> Iterator[FakePachca]:
    with FakePachca() as fake:
        yield fake


@pytest.fixture
def yookassa() -> Iterator[FakeYooKassa]:
    with FakeYooKassa() as fake:
        yield fake


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings], pachca: FakePachca, yookassa: FakeYooKassa
) -> Settings:
    return make_settings(
        log_level="DEBUG",
        log_format="json",
        secret_key=SECRET,
        pachca_token=TOKEN,
        pachca_chat_id=str(CHAT_ID),
        pachca_api_url=pachca.api_url,
        pachca_timeout_seconds=1,
        payment_gateway="yookassa",
        yookassa_shop_id=SHOP_ID,
        yookassa_secret_key=SECRET_KEY,
        yookassa_api_url=yookassa.api_url,
    )


@pytest.fixture
def log_output(app: Litestar) -> Iterator[io.StringIO]:
    """What the configured handler writes, rendered by its own formatter (the app is built)."""
    root = logging.getLogger()
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(root.handlers[0].formatter)
    root.addHandler(handler)
    yield output
    root.removeHandler(handler)


class Recorder:
    """Every response body the clients saw, with the route template it answered."""

    def __init__(self) -> None:
        self.bodies: list[tuple[str, str, Any]] = []
        self.texts: list[str] = []

    async def __call__(self, response: httpx.Response) -> None:
        await response.aread()
        self.texts.append(response.text)
        is_json = response.headers.get("content-type", "").split(";")[0].endswith("json")
        # The API's own description names password fields; it is a schema, not an answer.
        if is_json and not response.request.url.path.startswith("/api/schema"):
            path = _template(response.request.url.path)
            self.bodies.append((response.request.method, path, response.json()))


def _template(path: str) -> str:
    parts = path.split("/")
    return "/".join("{id}" if len(p) == 36 and p.count("-") == 4 else p for p in parts)


@pytest.fixture
async def clients(app: Litestar) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """The school's client and YooKassa's (calling from its network), both recorded."""
    recorder = Recorder()
    hooks = {"response": [recorder]}
    async with running(app):
        school_side = httpx.ASGITransport(app=app, client=("203.0.113.10", 50000))
        provider_side = httpx.ASGITransport(app=app, client=YOOKASSA_SENDER)
        async with (
            httpx.AsyncClient(
                transport=school_side, base_url="http://127.0.0.1:8000", event_hooks=hooks
            ) as school_client,
            httpx.AsyncClient(
                transport=provider_side, base_url="http://127.0.0.1:8000", event_hooks=hooks
            ) as provider_client,
        ):
            school_client.recorder = recorder  # type: ignore[attr-defined]
            yield school_client, provider_client


async def scenario(
    school: School,
    provider: httpx.AsyncClient,
    container: Container,
    yookassa: FakeYooKassa,
) -> tuple[set[str], set[str]]:
    """Everything a leak would expose; returns the secrets and the passwords seen on the way."""
    client = school.client
    passwords = {DEFAULT_PASSWORD, NEW_PASSWORD}
    secrets = {SECRET, SECRET_KEY, TOKEN}
    secrets.add(base64.b64encode(f"{SHOP_ID}:{SECRET_KEY}".encode()).decode())

    tokens = await sign_in(client, "ann@school.test", DEFAULT_PASSWORD)
    refreshed = (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    ).json()
    secrets |= {tokens["access_token"], tokens["refresh_token"]}
    secrets |= {refreshed["access_token"], refreshed["refresh_token"]}
    changed = await client.post(
        "/api/v1/auth/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(refreshed["access_token"]),
    )
    assert changed.status_code == 204
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": "ann@school.test", "password": DEFAULT_PASSWORD}
    )
    assert wrong.status_code == 401
    ann = bearer(refreshed["access_token"])

    admin = school["admin"].headers
    created = await client.post(
        "/api/v1/admin/users",
        json={"email": "new@school.test", "first_name": "N", "last_name": "P", "role": "teacher"},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    passwords.add(created.json()["credentials"]["password"])
    reset = await client.post(
        f"/api/v1/admin/users/{created.json()['user']['id']}/reset-password", headers=admin
    )
    assert reset.status_code == 200, reset.text
    passwords.add(reset.json()["credentials"]["password"])
    family = await client.post(
        "/api/v1/admin/families",
        json={
            "student": {
                "email": "kid@school.test",
                "first_name": "K",
                "last_name": "I",
                "grade": 5,
            },
            "parent": {"email": "dad@school.test", "first_name": "D", "last_name": "I"},
        },
        headers=school["tina"].headers,
    )
    assert family.status_code == 201, family.text
    passwords.add(family.json()["student"]["credentials"]["password"])
    passwords.add(family.json()["parent_credentials"]["password"])

    ticket = await client.post("/api/v1/ws/ticket", headers=ann)
    secrets.add(ticket.json()["ticket"])
    feed_url = (await client.get("/api/v1/calendar", headers=ann)).json()["feed_url"]
    [feed_token] = parse_qs(urlsplit(feed_url).query)["token"]
    secrets.add(feed_token)
    assert (await client.get("/api/v1/calendar.ics", params={"token": feed_token})).is_success
    rotated = (await client.post("/api/v1/calendar/rotate", headers=ann)).json()
    secrets |= set(parse_qs(urlsplit(rotated["feed_url"]).query)["token"])

    enrollment = await priced(school, "ann:Mathematics:teo")
    payment = await started(school, "paula", enrollment)
    [provider_id] = list(yookassa.payments)
    yookassa.succeed(provider_id)
    notice = {
        "type": "notification",
        "event": "payment.succeeded",
        "object": yookassa.payment(provider_id),
    }
    assert (await provider.post(f"{PAYMENTS}/webhooks/yookassa", json=notice)).is_success
    paid = await client.get(f"{PAYMENTS}/{payment['id']}", headers=school["paula"].headers)
    assert paid.json()["status"] == "succeeded"

    room = chat_titled(await chats_of(school, "teo"), "Mathematics — Ann Test ↔ Teo Test")
    await sent(school, "teo", room["id"], "Homework is on page 12.")
    if isinstance(container.jobs, InProcessJobQueue):
        await container.jobs.drain()
    delivery = container.pachca_delivery()
    assert delivery is not None
    await delivery.deliver_due()
    await sweep(school, {"ann": ann})
    return secrets, passwords


async def sweep(school: School, fresh: dict[str, dict[str, str]]) -> None:
    """Every GET operation without path parameters, read by each role (and each user's card)."""
    document = (await school.client.get("/api/schema/openapi.json")).json()
    paths = [p for p, ops in document["paths"].items() if "get" in ops and "{" not in p]
    users = await school.client.get(
        "/api/v1/admin/users", params={"limit": 100}, headers=school["admin"].headers
    )
    for name in ("admin", "teo", "tina", "paula", "ann"):
        headers = fresh.get(name, school[name].headers)
        for path in paths:
            if path.endswith(".ics") or "/dev/" in path:
                continue
            await school.client.get(path, headers=headers)
    for item in users.json()["items"]:
        await school.client.get(
            f"/api/v1/admin/users/{item['user']['id']}", headers=school["admin"].headers
        )


async def test_no_secret_is_ever_logged_and_no_password_is_ever_answered(
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
    container: Container,
    clock: FakeClock,
    log_output: io.StringIO,
    pachca: FakePachca,
    yookassa: FakeYooKassa,
) -> None:
    client, provider = clients
    container.sleep = ClockSleep(clock)
    school = await build_school(client, container)
    secrets, passwords = await scenario(school, provider, container, yookassa)
    assert pachca.contents, "the forum message reached the Pachca fake"

    logs = log_output.getvalue()
    lines = logs.splitlines()
    assert len(lines) > 50, "the scenario was logged"
    assert all(json.loads(line) for line in lines), "every line is JSON"
    assert any('"level": "debug"' in line for line in lines), "DEBUG was on"
    for secret in secrets | passwords:
        assert secret not in logs, f"a secret was logged: {secret[:6]}…"
    assert "$argon2" not in logs

    recorder: Recorder = client.recorder  # type: ignore[attr-defined]
    assert len(recorder.bodies) > 100
    for method, path, body in recorder.bodies:
        allowed = CREDENTIAL_ANSWERS.get((method, path), set())
        for where, value in _password_fields(body):
            assert where in allowed, f"{method} {path} answered {where}"
            assert isinstance(value, str)
        shown = json.dumps(_without(body, allowed), ensure_ascii=False)
        for password in passwords:
            assert password not in shown, f"{method} {path} answered a password"
    for text in recorder.texts:
        assert "$argon2" not in text
        assert SECRET not in text
        assert SECRET_KEY not in text
        assert TOKEN not in text


def _password_fields(body: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every key naming a password (``must_change_password`` is a flag, not one)."""
    if isinstance(body, dict):
        for key, value in body.items():
            where = f"{prefix}{key}"
            if "password" in key.lower() and key != "must_change_password":
                yield where, value
            yield from _password_fields(value, f"{where}.")
    elif isinstance(body, list):
        for item in body:
            yield from _password_fields(item, prefix)


def _without(body: Any, allowed: set[str], prefix: str = "") -> Any:
    if isinstance(body, dict):
        return {
            k: _without(v, allowed, f"{prefix}{k}.")
            for k, v in body.items()
            if f"{prefix}{k}" not in allowed
        }
    if isinstance(body, list):
        return [_without(item, allowed, prefix) for item in body]
    return body


def test_library_lines_carrying_secrets_are_redacted(log_output: io.StringIO) -> None:
    """The WebSocket server's DEBUG handshake lines: the ticket in the URL, auth headers."""
    server = logging.getLogger("uvicorn.error")
    server.debug("< GET /api/v1/ws?ticket=%s HTTP/1.1", "T1cketSecretValue0123456789")
    server.debug("< authorization: Bearer %s", "eyJhbGciOiJIUzI1NiJ9.secret.sig")
    server.debug("< cookie: session=%s", "CookieSecret42")
    server.info("GET /api/v1/calendar.ics?token=%s&x=1", "FeedTokenSecret99")
    logs = log_output.getvalue()
    for secret in ("T1cketSecretValue", "eyJhbGci", "CookieSecret42", "FeedTokenSecret99"):
        assert secret not in logs
    assert logs.count("[redacted]") == 4
    assert "/api/v1/ws?ticket=[redacted] HTTP/1.1" in logs
