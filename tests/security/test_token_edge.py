"""Forged, confused and dead access tokens at the HTTP edge: every kind of protected operation
(reads, writes, admin, socket tickets) answers the same 401 problem, and nothing is done.

The adapter's own checks are in tests/integration/test_security_adapters.py; this proves the
edge asks them for every route and that no route has a door of its own.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import uuid4

import jwt
import pytest

from tests.api.helpers import Client, assert_problem, bearer, sign_in
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.fakes.clock import FakeClock
from tests.tokens import b64url, hand_made
from thebot.bootstrap import Container
from thebot.config import Settings
from thebot.domain.accounts.entities import Role

# One of each kind: read, list with filters, admin, JSON write, profile write, socket ticket.
OPERATIONS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/v1/auth/me", None),
    ("GET", "/api/v1/lessons?status=scheduled", None),
    ("GET", "/api/v1/admin/users?q=ann", None),
    ("GET", "/api/v1/notifications", None),
    ("GET", "/api/v1/calendar", None),
    ("POST", "/api/v1/subjects", {"name": "Forged subject"}),
    ("PATCH", "/api/v1/profile", {"first_name": "Mallory"}),
    ("POST", "/api/v1/ws/ticket", None),
    ("POST", "/api/v1/notifications/read-all", None),
    ("POST", "/api/v1/auth/logout", None),
]


def claims_of(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


@pytest.fixture
async def admin(client: Client, container: Container) -> dict[str, Any]:
    """A signed-in admin (the most powerful token to forge); the sign-in's tokens."""
    await create_user(container, role=Role.ADMIN, email="root@example.org")
    return await sign_in(client, "root@example.org", DEFAULT_PASSWORD)


async def assert_refused_everywhere(client: Client, token: str) -> None:
    for method, path, body in OPERATIONS:
        response = await client.request(method, path, json=body, headers=bearer(token))
        assert_problem(response, 401)
        assert response.headers["content-type"].startswith("application/problem+json")
    subjects = await client.get("/api/v1/subjects", headers=bearer(token))
    assert_problem(subjects, 401)


async def assert_nothing_done(client: Client, container: Container) -> None:
    """No forged write landed: the admin is not renamed, no subject was created."""
    tokens = await sign_in(client, "root@example.org", DEFAULT_PASSWORD)
    me = (await client.get("/api/v1/auth/me", headers=bearer(tokens["access_token"]))).json()
    assert me["user"]["first_name"] != "Mallory"
    listed = await client.get("/api/v1/subjects", headers=bearer(tokens["access_token"]))
    assert "Forged subject" not in listed.text


def forged(settings: Settings, admin: dict[str, Any]) -> dict[str, str]:
    secret = settings.effective_secret_key.encode()
    claims = claims_of(admin["access_token"])
    head, payload, signature = admin["access_token"].split(".")
    other_claims = {**claims, "sub": str(uuid4())}
    tampered_payload = b64url(json.dumps(other_claims).encode())
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return {
        "alg none": hand_made({"alg": "none", "typ": "JWT"}, claims, None),
        "alg None": hand_made({"alg": "None", "typ": "JWT"}, claims, None),
        "other secret": jwt.encode(claims, "another-deployment-secret-0123456789abcdef", "HS256"),
        "empty secret": hand_made({"alg": "HS256", "typ": "JWT"}, claims, b""),
        "RS256 header, HMAC signature": hand_made({"alg": "RS256", "typ": "JWT"}, claims, secret),
        "ES256 header, HMAC signature": hand_made({"alg": "ES256", "typ": "JWT"}, claims, secret),
        "HS512 with the real secret": jwt.encode(claims, secret, "HS512"),
        "jwk in header": hand_made(
            {"alg": "HS256", "jwk": {"kty": "oct", "k": b64url(b"x")}}, claims, secret
        ),
        "tampered payload": f"{head}.{tampered_payload}.{signature}",
        "tampered signature": f"{head}.{payload}.{flipped}",
        "no signature": f"{head}.{payload}.",
        "unknown session": jwt.encode({**claims, "sid": str(uuid4())}, secret, "HS256"),
        "unknown user": jwt.encode(other_claims, secret, "HS256"),
        "not an access token": jwt.encode({**claims, "typ": "refresh"}, secret, "HS256"),
        "other audience": jwt.encode({**claims, "aud": "someone-else"}, secret, "HS256"),
        "from the future": jwt.encode(
            {**claims, "iat": claims["iat"] + 3600, "nbf": claims["iat"] + 3600}, secret, "HS256"
        ),
        "refresh token": admin["refresh_token"],
    }


async def test_forged_and_confused_tokens_are_401_on_every_operation(
    client: Client, container: Container, settings: Settings, admin: dict[str, Any]
) -> None:
    for kind, token in forged(settings, admin).items():
        try:
            await assert_refused_everywhere(client, token)
        except AssertionError as failure:
            raise AssertionError(f"{kind}: {failure}") from failure
    await assert_nothing_done(client, container)


async def test_the_genuine_token_passes_where_the_forgeries_fail(
    client: Client, admin: dict[str, Any]
) -> None:
    for method, path, body in OPERATIONS[:-1]:
        response = await client.request(
            method, path, json=body, headers=bearer(admin["access_token"])
        )
        assert response.status_code in (200, 201, 204), (path, response.text)


Ending = Callable[[Client, Container, FakeClock, dict[str, Any]], Awaitable[None]]


async def expire(client: Client, container: Container, clock: FakeClock, tokens: Any) -> None:
    clock.advance(minutes=15)


async def log_out(client: Client, container: Container, clock: FakeClock, tokens: Any) -> None:
    response = await client.post("/api/v1/auth/logout", headers=bearer(tokens["access_token"]))
    assert response.status_code == 204


async def deactivate(client: Client, container: Container, clock: FakeClock, tokens: Any) -> None:
    await create_user(container, role=Role.ADMIN, email="other-admin@example.org")
    other = await sign_in(client, "other-admin@example.org", DEFAULT_PASSWORD)
    me = (await client.get("/api/v1/auth/me", headers=bearer(tokens["access_token"]))).json()
    response = await client.delete(
        f"/api/v1/admin/users/{me['user']['id']}", headers=bearer(other["access_token"])
    )
    assert response.status_code in (200, 204), response.text


async def reuse_refresh(
    client: Client, container: Container, clock: FakeClock, tokens: Any
) -> None:
    rotated = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert rotated.status_code == 200
    tokens["rotated"] = rotated.json()
    replay = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert_problem(replay, 401)


async def change_password_elsewhere(
    client: Client, container: Container, clock: FakeClock, tokens: Any
) -> None:
    elsewhere = await sign_in(client, "root@example.org", DEFAULT_PASSWORD)
    response = await client.post(
        "/api/v1/auth/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "A-New-Secret-2026"},
        headers=bearer(elsewhere["access_token"]),
    )
    assert response.status_code == 204


ENDINGS: dict[str, Ending] = {
    "expired": expire,
    "logged out": log_out,
    "deactivated": deactivate,
    "refresh reused": reuse_refresh,
    "password changed on another device": change_password_elsewhere,
}


@pytest.mark.parametrize("ending", list(ENDINGS))
async def test_a_token_of_an_ended_session_is_401_on_every_operation(
    client: Client, container: Container, clock: FakeClock, admin: dict[str, Any], ending: str
) -> None:
    assert (await client.get("/api/v1/auth/me", headers=bearer(admin["access_token"]))).is_success
    await ENDINGS[ending](client, container, clock, admin)
    await assert_refused_everywhere(client, admin["access_token"])
    if ending == "refresh reused":
        # The whole family is gone: the pair that the first rotation handed out too.
        await assert_refused_everywhere(client, admin["rotated"]["access_token"])
        refreshed = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": admin["rotated"]["refresh_token"]}
        )
        assert_problem(refreshed, 401)


async def test_the_refused_token_is_not_echoed_back(client: Client, admin: dict[str, Any]) -> None:
    token = admin["access_token"][:-4] + "AAAA"
    response = await client.get("/api/v1/auth/me", headers=bearer(token))
    body = assert_problem(response, 401)
    assert token not in response.text
    assert admin["access_token"] not in response.text
    assert body["detail"] == "The access token is invalid."
