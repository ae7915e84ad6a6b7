"""Accounts over HTTP: sign-in, throttling, refresh rotation, sign-out, password change."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.api.helpers import Client, assert_problem, bearer, sign_in
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.fakes.clock import FakeClock
from thebot.adapters.db.models import AuthSessionModel
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Role

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
ME = "/api/v1/auth/me"


async def session_count(container: Container) -> int:
    async with container.unit_of_work() as uow:
        return int(
            await uow.session.scalar(select(func.count()).select_from(AuthSessionModel)) or 0
        )


async def test_sign_in_returns_tokens_and_the_user(client: Client, container: Container) -> None:
    account = await create_user(container, email="ann@example.org", role=Role.TEACHER)
    body = await sign_in(client, "Ann@Example.org", DEFAULT_PASSWORD)
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    assert body["access_token"]
    assert body["refresh_token"]
    assert body["user"]["id"] == str(account.user.id)
    assert body["user"]["role"] == "teacher"
    assert "password_hash" not in body["user"]
    assert DEFAULT_PASSWORD not in str(body)
    me = await client.get(ME, headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["user"]["email"] == "ann@example.org"
    assert me.json()["user"]["last_login_at"] is not None


async def test_wrong_password_is_401_and_starts_no_session(
    client: Client, container: Container
) -> None:
    await create_user(container, email="ann@example.org")
    response = await client.post(
        LOGIN, json={"email": "ann@example.org", "password": "Wrong-Pass-1"}
    )
    body = assert_problem(response, 401)
    assert body["detail"] == "Invalid email or password."
    assert await session_count(container) == 0


async def test_unknown_email_is_the_same_401(client: Client, container: Container) -> None:
    response = await client.post(
        LOGIN, json={"email": "ghost@example.org", "password": "Wrong-Pass-1"}
    )
    assert assert_problem(response, 401)["detail"] == "Invalid email or password."


async def test_throttling_locks_the_email_then_expires(
    client: Client, container: Container, clock: FakeClock
) -> None:
    await create_user(container, email="ann@example.org")
    for _ in range(5):
        response = await client.post(
            LOGIN, json={"email": "ann@example.org", "password": "Wrong-Pass-1"}
        )
        assert response.status_code == 401
    clock.advance(10)
    locked = await client.post(
        LOGIN, json={"email": "ann@example.org", "password": DEFAULT_PASSWORD}
    )
    assert_problem(locked, 429)
    assert locked.headers["Retry-After"] == str(900 - 10)
    clock.advance(900 - 10)
    assert (await sign_in(client, "ann@example.org", DEFAULT_PASSWORD))["access_token"]


async def test_twenty_failures_from_one_address_lock_that_address(
    client: Client, container: Container
) -> None:
    await create_user(container, email="ann@example.org")
    for n in range(20):
        response = await client.post(
            LOGIN, json={"email": f"x{n}@example.org", "password": "Wrong-Pass-1"}
        )
        assert response.status_code == 401
    locked = await client.post(
        LOGIN, json={"email": "ann@example.org", "password": DEFAULT_PASSWORD}
    )
    assert_problem(locked, 429)
    assert int(locked.headers["Retry-After"]) > 0


async def test_refresh_rotates_and_reuse_revokes_the_family(
    client: Client, container: Container
) -> None:
    await create_user(container, email="ann@example.org")
    first = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    rotated = await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert (await client.get(ME, headers=bearer(second["access_token"]))).status_code == 200

    replay = await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
    assert_problem(replay, 401)
    # The revocation was committed although the request failed: the whole family is gone.
    assert_problem(await client.post(REFRESH, json={"refresh_token": second["refresh_token"]}), 401)
    assert_problem(await client.get(ME, headers=bearer(second["access_token"])), 401)
    assert_problem(await client.get(ME, headers=bearer(first["access_token"])), 401)


async def test_other_sign_ins_survive_a_reuse_in_one_family(
    client: Client, container: Container
) -> None:
    await create_user(container, email="ann@example.org")
    phone = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    laptop = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    await client.post(REFRESH, json={"refresh_token": phone["refresh_token"]})
    await client.post(REFRESH, json={"refresh_token": phone["refresh_token"]})
    assert (await client.get(ME, headers=bearer(laptop["access_token"]))).status_code == 200


async def test_access_token_expires_after_fifteen_minutes(
    client: Client, container: Container, clock: FakeClock
) -> None:
    await create_user(container, email="ann@example.org")
    tokens = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    clock.advance(minutes=15)
    body = assert_problem(await client.get(ME, headers=bearer(tokens["access_token"])), 401)
    assert "expired" in body["detail"]
    refreshed = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200


async def test_deactivated_user_is_locked_out_mid_session(
    client: Client, container: Container
) -> None:
    account = await create_user(container, email="ann@example.org")
    tokens = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    async with container.unit_of_work() as uow:
        await uow.users.set_active(account.user.id, False)
        await uow.commit()
    assert_problem(await client.get(ME, headers=bearer(tokens["access_token"])), 401)
    assert_problem(await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]}), 401)
    again = await client.post(
        LOGIN, json={"email": "ann@example.org", "password": DEFAULT_PASSWORD}
    )
    assert assert_problem(again, 403)["type"] == "urn:thebot:problem:account-deactivated"


async def test_logout_ends_access_and_refresh(client: Client, container: Container) -> None:
    await create_user(container, email="ann@example.org")
    tokens = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    response = await client.post("/api/v1/auth/logout", headers=bearer(tokens["access_token"]))
    assert response.status_code == 204
    assert response.content == b""
    assert_problem(await client.get(ME, headers=bearer(tokens["access_token"])), 401)
    assert_problem(await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]}), 401)


async def test_password_change_persists_and_ends_other_sessions(
    client: Client, container: Container
) -> None:
    await create_user(container, email="ann@example.org")
    here = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    there = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    response = await client.post(
        "/api/v1/auth/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "A-New-Secret-2026"},
        headers=bearer(here["access_token"]),
    )
    assert response.status_code == 204
    assert (await client.get(ME, headers=bearer(here["access_token"]))).status_code == 200
    assert_problem(await client.get(ME, headers=bearer(there["access_token"])), 401)
    old = await client.post(LOGIN, json={"email": "ann@example.org", "password": DEFAULT_PASSWORD})
    assert_problem(old, 401)
    assert await sign_in(client, "ann@example.org", "A-New-Secret-2026")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"current_password": "Wrong-Pass-1", "new_password": "A-New-Secret-2026"},
            "current_password",
        ),
        ({"current_password": DEFAULT_PASSWORD, "new_password": "short"}, "new_password"),
        ({"current_password": DEFAULT_PASSWORD, "new_password": "password123"}, "new_password"),
    ],
)
async def test_refused_password_change_names_the_field_and_changes_nothing(
    client: Client, container: Container, body: dict[str, str], field: str
) -> None:
    await create_user(container, email="ann@example.org")
    tokens = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    response = await client.post(
        "/api/v1/auth/password", json=body, headers=bearer(tokens["access_token"])
    )
    assert_problem(response, 400, fields=[field])
    assert await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)


async def test_one_time_password_must_be_changed_before_anything_else(
    client: Client, container: Container
) -> None:
    await create_user(container, email="ann@example.org", must_change_password=True)
    tokens = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    assert tokens["user"]["must_change_password"] is True
    assert (await client.get(ME, headers=bearer(tokens["access_token"]))).status_code == 200
    change = await client.post(
        "/api/v1/auth/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "A-New-Secret-2026"},
        headers=bearer(tokens["access_token"]),
    )
    assert change.status_code == 204
    me = await client.get(ME, headers=bearer(tokens["access_token"]))
    assert me.json()["user"]["must_change_password"] is False


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
        "Bearer not.a.jwt",
        "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.",
    ],
)
async def test_missing_or_bad_credentials_are_401(client: Client, header: str) -> None:
    headers = {"Authorization": header} if header else {}
    assert_problem(await client.get(ME, headers=headers), 401)


async def test_a_refresh_token_is_not_an_access_token(client: Client, container: Container) -> None:
    await create_user(container, email="ann@example.org")
    tokens = await sign_in(client, "ann@example.org", DEFAULT_PASSWORD)
    assert_problem(await client.get(ME, headers=bearer(tokens["refresh_token"])), 401)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"email": "ann@example.org"}, ["password"]),
        ({"email": "ann@example.org", "password": "x", "role": "admin"}, ["role"]),
        ({"email": 42, "password": "x"}, ["email"]),
    ],
)
async def test_malformed_sign_in_is_400_naming_the_field(
    client: Client, body: dict[str, object], fields: list[str]
) -> None:
    assert_problem(await client.post(LOGIN, json=body), 400, fields=fields)
