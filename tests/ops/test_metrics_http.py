"""``GET /metrics``: HTTP requests by route template, the WebSocket gauge, and who may scrape."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import msgspec
from litestar import Litestar

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School
from tests.api.socket_helpers import serving, socket_of
from tests.fakes.clock import FakeClock
from tests.ops.metrics_helpers import METRICS, MakeSettings, app_on, label_values, scrape, value
from thebot.bootstrap import Container
from thebot.config import Environment, PaymentGatewayKind
from thebot.domain.accounts.entities import Role

LESSON_ROUTE = "/api/v1/lessons/{lesson_id}"
TOKEN = "metrics-token-for-tests-0123456789abcdef"


async def test_metrics_answer_in_the_prometheus_text_format(client: Client) -> None:
    await client.get("/health")
    response = await client.get(METRICS)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert "# TYPE http_requests_total counter" in text
    assert "# TYPE http_request_duration_seconds histogram" in text
    assert "# TYPE http_requests_in_flight gauge" in text
    assert "# TYPE websocket_connections gauge" in text
    assert value(text, "http_requests_total", method="GET", route="/health", status="200") == 1


async def test_requests_are_counted_by_route_template_never_by_their_ids(
    client: Client, container: Container
) -> None:
    ann = await School(client, container).add("ann", Role.STUDENT)
    lesson_ids = [str(uuid4()) for _ in range(3)]
    for lesson_id in lesson_ids:
        response = await client.get(f"/api/v1/lessons/{lesson_id}", headers=ann.headers)
        assert response.status_code == 404

    text = await scrape(client)
    labels = {"method": "GET", "route": LESSON_ROUTE}
    assert value(text, "http_requests_total", **labels, status="404") == 3
    assert value(text, "http_request_duration_seconds_count", **labels) == 3
    assert value(text, "http_request_duration_seconds_bucket", **labels, le="+Inf") == 3
    assert value(text, "http_requests_in_flight") == 0
    assert not any(lesson_id in label for label in label_values(text) for lesson_id in lesson_ids)


async def test_unknown_methods_share_one_label(client: Client) -> None:
    for method in ("BREW", "PROPFIND"):
        await client.request(method, "/health")
    text = await scrape(client)
    methods = {label for label in label_values(text) if label in ("BREW", "PROPFIND", "OTHER")}
    assert methods == {"OTHER"}


async def test_scrapes_are_not_counted_and_not_in_the_openapi_document(client: Client) -> None:
    await scrape(client)
    text = await scrape(client)
    assert METRICS not in label_values(text)
    schema = (await client.get("/api/schema/openapi.json")).json()
    assert METRICS not in schema["paths"]


async def test_the_websocket_gauge_goes_up_while_a_socket_is_open_and_down_after(
    app: Litestar, client: Client, container: Container
) -> None:
    school = School(client, container)
    await school.add("ann", Role.STUDENT)
    async with serving(app) as server:
        async with socket_of(school, server, "ann"):
            text = await scrape(client)
            assert value(text, "websocket_connections") == 1
            assert value(text, "websocket_connects_total") == 1
        async with asyncio.timeout(30):
            while value(text, "websocket_connections") != 0:
                await asyncio.sleep(0.05)
                text = await scrape(client)
    assert value(text, "websocket_disconnects_total") == 1


async def test_with_a_token_a_scrape_without_it_is_refused_and_shows_nothing(
    make_settings: MakeSettings, clock: FakeClock
) -> None:
    async with app_on(make_settings(metrics_token=TOKEN), clock) as (client, _):
        await client.get("/health")
        for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": TOKEN}):
            response = await client.get(METRICS, headers=headers)
            assert_problem(response, 401)
            assert "http_requests_total" not in response.text
        text = await scrape(client, Authorization=f"Bearer {TOKEN}")
    assert value(text, "http_requests_total", method="GET", route="/health", status="200") == 1


async def test_in_production_metrics_do_not_exist_without_a_token(
    make_settings: MakeSettings, clock: FakeClock
) -> None:
    production = msgspec.structs.replace(
        make_settings(),
        env=Environment.PRODUCTION,
        payment_gateway=PaymentGatewayKind.DEVELOPMENT,
    )
    async with app_on(production, clock) as (client, _):
        response = await client.get(METRICS)
        assert_problem(response, 404)
        assert "http_requests_total" not in response.text
    with_token = msgspec.structs.replace(production, metrics_token=TOKEN)
    async with app_on(with_token, clock) as (client, _):
        assert_problem(await client.get(METRICS), 401)
        await scrape(client, Authorization=f"Bearer {TOKEN}")
