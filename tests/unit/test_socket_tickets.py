"""Socket tickets: one socket per ticket, for 30 seconds, while the sign-in behind it lasts."""

from __future__ import annotations

import pytest

from tests.fakes.accounts import InMemorySessions, InMemoryUsers
from tests.fakes.clock import FakeClock
from thebot.adapters.tickets import MemoryTicketStore
from thebot.domain.accounts.entities import NewUser, Principal, Role
from thebot.domain.accounts.tickets import SocketTickets, ticket_key
from thebot.domain.shared.errors import Unauthenticated


class World:
    def __init__(self) -> None:
        self.clock = FakeClock()
        self.users = InMemoryUsers(self.clock.now())
        self.sessions = InMemorySessions(self.users)
        self.store = MemoryTicketStore()
        self.tickets = SocketTickets(store=self.store, sessions=self.sessions, clock=self.clock)

    async def signed_in(self, role: Role = Role.STUDENT) -> Principal:
        user = await self.users.add(
            NewUser(
                email=f"{role}@school.test",
                first_name="A",
                last_name="B",
                role=role,
                password_hash="x",
            )
        )
        session = await self.sessions.start(user.id, self.clock.now(), None, None)
        return Principal(user=user, session_id=session.id)


@pytest.fixture
def world() -> World:
    return World()


async def test_a_ticket_names_its_user_and_session_once(world: World) -> None:
    ann = await world.signed_in()
    ticket = await world.tickets.issue(ann)

    assert await world.tickets.redeem(ticket) == ann
    with pytest.raises(Unauthenticated):
        await world.tickets.redeem(ticket)


async def test_the_store_holds_a_hash_of_the_ticket_never_the_ticket(world: World) -> None:
    ticket = await world.tickets.issue(await world.signed_in())

    assert await world.store.take(ticket) is None
    assert await world.store.take(ticket_key(ticket)) is not None


@pytest.mark.parametrize("ticket", ["", "x", "y" * 65])
async def test_made_up_tickets_open_nothing(world: World, ticket: str) -> None:
    with pytest.raises(Unauthenticated):
        await world.tickets.redeem(ticket)


async def test_a_ticket_lives_30_seconds(world: World) -> None:
    ann = await world.signed_in()
    on_time, late = await world.tickets.issue(ann), await world.tickets.issue(ann)
    world.clock.advance(30)
    assert await world.tickets.redeem(on_time) == ann
    world.clock.advance(0.001)

    with pytest.raises(Unauthenticated):
        await world.tickets.redeem(late)


async def test_a_ticket_of_a_revoked_session_or_deactivated_user_opens_nothing(
    world: World,
) -> None:
    ann = await world.signed_in()
    revoked, deactivated = await world.tickets.issue(ann), await world.tickets.issue(ann)
    await world.sessions.revoke(ann.session_id, world.clock.now(), "signed out")
    with pytest.raises(Unauthenticated, match="session has ended"):
        await world.tickets.redeem(revoked)

    teo = await world.signed_in(Role.TEACHER)
    ticket = await world.tickets.issue(teo)
    await world.users.set_active(teo.id, False)
    with pytest.raises(Unauthenticated):
        await world.tickets.redeem(ticket)
    with pytest.raises(Unauthenticated):
        await world.tickets.redeem(deactivated)


async def test_a_ticket_is_bound_to_the_role_it_was_issued_for(world: World) -> None:
    ann = await world.signed_in()
    ticket = await world.tickets.issue(ann)
    world.users._replace(ann.id, role=Role.TUTOR)

    with pytest.raises(Unauthenticated):
        await world.tickets.redeem(ticket)


async def test_a_user_who_must_replace_a_one_time_password_gets_no_socket(world: World) -> None:
    ann = await world.signed_in()
    ticket = await world.tickets.issue(ann)
    await world.users.set_password(ann.id, "y", must_change=True)

    with pytest.raises(Unauthenticated, match="one-time password"):
        await world.tickets.redeem(ticket)
