"""What the authorization sweep found besides its policy: each a plain regression test."""

from __future__ import annotations

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import build_school
from tests.api.payment_helpers import PAYMENTS, confirm, priced, read, started
from tests.conftest import app_client
from tests.fakes.clock import FakeClock
from thebot.bootstrap import Container, build_container
from thebot.config import Settings
from thebot.entrypoints.http.app import create_app
from thebot.entrypoints.jobs import JOB_SPECS


async def test_refunding_a_payment_the_development_gateway_forgot_is_502_not_500(
    client: Client, container: Container, settings: Settings, clock: FakeClock
) -> None:
    # The development gateway keeps payments in memory: after a restart (or for the demo's
    # payments, made by the seeder's gateway) it knows none of them. The admin's refund used to
    # end in an unhandled PaymentNotFound (500).
    school = await build_school(client, container)
    enrollment = await priced(school, "ann:Mathematics:teo")
    payment = await started(school, "paula", enrollment)
    await confirm(school, payment)

    restarted = build_container(settings, job_specs=JOB_SPECS, clock=clock)
    try:
        async with app_client(create_app(settings, container=restarted)) as other:
            refused = await other.post(
                f"{PAYMENTS}/{payment['id']}/refund", headers=school["admin"].headers
            )
    finally:
        await restarted.close()

    assert_problem(refused, 502)
    assert (await read(school, "paula", payment["id"])).json()["status"] == "succeeded"
