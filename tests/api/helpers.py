"""Small helpers for API tests."""

from __future__ import annotations

from typing import Any

import httpx

Client = httpx.AsyncClient


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def sign_in(client: Client, email: str, password: str) -> dict[str, Any]:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_problem(
    response: Any, status: int, *, fields: list[str] | None = None
) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status (and these invalid fields)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:thebot:problem:")
    assert body["title"]
    assert body["detail"]
    if fields is not None:
        assert [error["field"] for error in body["errors"]] == fields
    return body
