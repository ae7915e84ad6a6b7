"""Sign-in sessions in the database: when they were last used."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import DEFAULT_PASSWORD, create_user
from tests.fakes.clock import FakeClock
from thebot.adapters.db.models import AuthSessionModel
from thebot.bootstrap import Container
from thebot.domain.accounts.services import SignInContext


async def last_used(container: Container) -> list:  # type: ignore[type-arg]
    async with container.unit_of_work() as uow:
        return list(await uow.session.scalars(select(AuthSessionModel.last_used_at)))


async def test_a_session_is_last_used_when_it_starts_and_at_each_refresh(
    container: Container, clock: FakeClock
) -> None:
    await create_user(container, email="ann@example.org")
    async with container.unit_of_work() as uow:
        pair = await container.auth_service(uow).login(
            "ann@example.org", DEFAULT_PASSWORD, SignInContext()
        )
        await uow.commit()
    assert await last_used(container) == [clock.now()]
    clock.advance(minutes=20)
    async with container.unit_of_work() as uow:
        await container.auth_service(uow).refresh(pair.refresh_token)
        await uow.commit()
    assert await last_used(container) == [clock.now()]
