"""Reading the Prometheus text format in tests, and apps built on settings of their own."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from tests.conftest import app_client
from tests.fakes.clock import FakeClock
from thebot.adapters.jobs import JobSpec
from thebot.bootstrap import Container, build_container
from thebot.config import Settings
from thebot.entrypoints.http.app import create_app
from thebot.entrypoints.jobs import JOB_SPECS

METRICS = "/metrics"


def samples(text: str) -> list[Sample]:
    return [sample for family in text_string_to_metric_families(text) for sample in family.samples]


def value(text: str, name: str, **labels: str) -> float | None:
    """The value of the sample with exactly these labels, or None when there is none."""
    for sample in samples(text):
        if sample.name == name and sample.labels == labels:
            return float(sample.value)
    return None


def label_values(text: str) -> set[str]:
    return {label for sample in samples(text) for label in sample.labels.values()}


@asynccontextmanager
async def app_on(
    settings: Settings, clock: FakeClock, job_specs: Iterable[JobSpec] = JOB_SPECS
) -> AsyncIterator[tuple[httpx.AsyncClient, Container]]:
    """A client of an app built on these settings, with its own container."""
    container = build_container(settings, job_specs=job_specs, clock=clock)
    try:
        async with app_client(create_app(settings, container=container)) as client:
            yield client, container
    finally:
        await container.close()


async def scrape(client: httpx.AsyncClient, **headers: Any) -> str:
    response = await client.get(METRICS, headers=headers)
    assert response.status_code == 200, response.text
    return response.text


MakeSettings = Callable[..., Settings]
