"""Sign-in rules, on in-memory twins of the ports."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.fakes.accounts import CountingHasher, InMemorySessions, InMemoryUsers, PlainTokens
from tests.fakes.clock import FakeClock
from thebot.adapters.throttle import MemoryAttemptLog
from thebot.domain.accounts.entities import NewUser, Role, User
from thebot.domain.accounts.services import (
    AdminBootstrap,
    AuthService,
    RefreshTokenReused,
    SignInContext,
    TokenLifetimes,
)
from thebot.domain.accounts.throttle import LoginThrottle, ThrottleRule
from thebot.domain.shared.errors import Forbidden, Invalid, TooManyAttempts, Unauthenticated

PASSWORD = "Correct-Horse-42"
HERE = SignInContext(address="203.0.113.7", user_agent="pytest")


@dataclass
class World:
    clock: FakeClock
    users: InMemoryUsers
    sessions: InMemorySessions
    hasher: CountingHasher
    service: AuthService

    async def add_user(self, email: str = "ann@example.org", **fields: object) -> User:
        return await self.users.add(
            NewUser(
                email=email,
                first_name="Ann",
                last_name="Lee",
                role=Role.STUDENT,
                password_hash=await self.hasher.hash(PASSWORD),
                **fields,  # type: ignore[arg-type]
            )
        )


@pytest.fixture
def world() -> World:
    clock = FakeClock()
    users = InMemoryUsers(clock.now())
    sessions = InMemorySessions(users)
    hasher = CountingHasher()
    throttle = LoginThrottle(
        MemoryAttemptLog(),
        by_email=ThrottleRule("email", 5, 900),
        by_address=ThrottleRule("address", 20, 900),
    )
    service = AuthService(
        users=users,
        sessions=sessions,
        hasher=hasher,
        tokens=PlainTokens(),
        throttle=throttle,
        clock=clock,
        lifetimes=TokenLifetimes(access_seconds=900, refresh_seconds=3600),
    )
    return World(clock, users, sessions, hasher, service)


async def test_login_with_right_password_starts_a_session(world: World) -> None:
    user = await world.add_user()
    pair = await world.service.login("  ANN@Example.org ", PASSWORD, HERE)
    assert pair.user.id == user.id
    assert pair.expires_in == 900
    assert len(world.sessions.sessions) == 1
    assert (await world.users.get(user.id)).last_login_at == world.clock.now()


async def test_wrong_password_and_unknown_email_fail_alike_and_cost_the_same(world: World) -> None:
    await world.add_user()
    with pytest.raises(Unauthenticated) as wrong:
        await world.service.login("ann@example.org", "not-the-password", HERE)
    work_for_known = world.hasher.expensive_calls
    with pytest.raises(Unauthenticated) as unknown:
        await world.service.login("nobody@example.org", "not-the-password", HERE)
    assert world.hasher.expensive_calls == 2 * work_for_known == 2
    assert wrong.value.detail == unknown.value.detail


async def test_five_failures_lock_the_email_even_for_the_right_password(world: World) -> None:
    await world.add_user()
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            await world.service.login("ann@example.org", "wrong-password", HERE)
    world.clock.advance(60)
    with pytest.raises(TooManyAttempts) as locked:
        await world.service.login("ann@example.org", PASSWORD, HERE)
    assert locked.value.retry_after == 900 - 60
    world.clock.advance(900 - 60)
    assert (await world.service.login("ann@example.org", PASSWORD, HERE)).user.email


async def test_success_forgets_earlier_failures_of_the_email(world: World) -> None:
    await world.add_user()
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            await world.service.login("ann@example.org", "wrong-password", HERE)
    await world.service.login("ann@example.org", PASSWORD, HERE)
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            await world.service.login("ann@example.org", "wrong-password", HERE)
    await world.service.login("ann@example.org", PASSWORD, HERE)


async def test_twenty_failures_from_one_address_lock_every_email_from_it(world: World) -> None:
    await world.add_user()
    for n in range(20):
        with pytest.raises(Unauthenticated):
            await world.service.login(f"guess{n}@example.org", "wrong-password", HERE)
    with pytest.raises(TooManyAttempts):
        await world.service.login("ann@example.org", PASSWORD, HERE)
    elsewhere = SignInContext(address="198.51.100.1")
    assert (await world.service.login("ann@example.org", PASSWORD, elsewhere)).user


async def test_deactivated_user_cannot_sign_in(world: World) -> None:
    user = await world.add_user()
    await world.users.set_active(user.id, False)
    with pytest.raises(Forbidden):
        await world.service.login("ann@example.org", PASSWORD, HERE)
    assert world.sessions.sessions == {}


async def test_outdated_hash_is_replaced_at_sign_in(world: World) -> None:
    user = await world.add_user()
    await world.users.set_password(user.id, f"old:{PASSWORD}", must_change=False)
    await world.service.login("ann@example.org", PASSWORD, HERE)
    assert (await world.users.get_credentials(user.id)).password_hash == f"hashed:{PASSWORD}"


async def test_refresh_rotates_and_a_reused_token_ends_the_whole_sign_in(world: World) -> None:
    await world.add_user()
    first = await world.service.login("ann@example.org", PASSWORD, HERE)
    second = await world.service.refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    with pytest.raises(RefreshTokenReused):
        await world.service.refresh(first.refresh_token)
    # The thief's replay also locks out the holder of the newest token.
    with pytest.raises(Unauthenticated):
        await world.service.refresh(second.refresh_token)
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(second.access_token)


async def test_expired_refresh_token_is_refused(world: World) -> None:
    await world.add_user()
    pair = await world.service.login("ann@example.org", PASSWORD, HERE)
    world.clock.advance(3600)
    with pytest.raises(Unauthenticated):
        await world.service.refresh(pair.refresh_token)


async def test_unknown_refresh_token_is_refused(world: World) -> None:
    with pytest.raises(Unauthenticated):
        await world.service.refresh("made-up")


async def test_deactivation_ends_access_and_refresh_at_once(world: World) -> None:
    user = await world.add_user()
    pair = await world.service.login("ann@example.org", PASSWORD, HERE)
    assert (await world.service.authenticate(pair.access_token)).id == user.id
    await world.users.set_active(user.id, False)
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(pair.access_token)
    with pytest.raises(Unauthenticated):
        await world.service.refresh(pair.refresh_token)


async def test_logout_ends_the_session(world: World) -> None:
    await world.add_user()
    pair = await world.service.login("ann@example.org", PASSWORD, HERE)
    principal = await world.service.authenticate(pair.access_token)
    await world.service.logout(principal)
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(pair.access_token)
    with pytest.raises(Unauthenticated):
        await world.service.refresh(pair.refresh_token)


async def test_password_change_keeps_this_session_and_ends_the_others(world: World) -> None:
    await world.add_user()
    here = await world.service.login("ann@example.org", PASSWORD, HERE)
    there = await world.service.login("ann@example.org", PASSWORD, HERE)
    principal = await world.service.authenticate(here.access_token)
    await world.service.change_password(principal, PASSWORD, "A-New-Secret-2026")
    assert await world.service.authenticate(here.access_token)
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(there.access_token)
    with pytest.raises(Unauthenticated):
        await world.service.login("ann@example.org", PASSWORD, HERE)
    assert await world.service.login("ann@example.org", "A-New-Secret-2026", HERE)


@pytest.mark.parametrize(
    ("current", "new", "field"),
    [
        ("wrong-current-pw", "A-New-Secret-2026", "current_password"),
        (PASSWORD, "short", "new_password"),
        (PASSWORD, "password123", "new_password"),
        (PASSWORD, "ann@example.org", "new_password"),
        (PASSWORD, PASSWORD, "new_password"),
    ],
)
async def test_password_change_refusals_name_the_field(
    world: World, current: str, new: str, field: str
) -> None:
    await world.add_user()
    pair = await world.service.login("ann@example.org", PASSWORD, HERE)
    principal = await world.service.authenticate(pair.access_token)
    with pytest.raises(Invalid) as refused:
        await world.service.change_password(principal, current, new)
    assert [e.field for e in refused.value.errors] == [field]
    assert await world.service.login("ann@example.org", PASSWORD, HERE)


async def test_admin_created_without_password_gets_a_generated_one_to_change(world: World) -> None:
    bootstrap = AdminBootstrap(users=world.users, hasher=world.hasher)
    assert await bootstrap.is_empty()
    created = await bootstrap.create_admin("Office@Example.org")
    assert created.user.email == "office@example.org"
    assert created.user.role is Role.ADMIN
    assert created.user.must_change_password
    assert created.generated_password is not None
    assert len(created.generated_password) >= 14
    assert created.generated_password.isalnum()
    chosen = await bootstrap.create_admin("second@example.org", "A-Chosen-Secret-1")
    assert chosen.generated_password is None
    assert not chosen.user.must_change_password


async def test_admin_bootstrap_refuses_bad_email_and_weak_password(world: World) -> None:
    bootstrap = AdminBootstrap(users=world.users, hasher=world.hasher)
    with pytest.raises(Invalid):
        await bootstrap.create_admin("not-an-email")
    with pytest.raises(Invalid):
        await bootstrap.create_admin("office@example.org", "qwerty123")
    assert await bootstrap.is_empty()
