"""Liveness, readiness, public configuration and the API docs page."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import MediaType, Request, Response, get
from litestar.openapi.plugins import ScalarRenderPlugin
from sqlalchemy import text

from thebot import __version__
from thebot.entrypoints.http.deps import PUBLIC, ContainerDep
from thebot.entrypoints.http.schemas.system import (
    Health,
    PublicConfig,
    Readiness,
    ReadinessCheck,
)

CHECK_TIMEOUT_SECONDS = 3.0


@get("/health", operation_id="getHealth", tags=["system"], opt=PUBLIC, sync_to_thread=False)
def health() -> Health:
    """The process is alive."""
    return Health()


@get("/ready", operation_id="getReadiness", tags=["system"], opt=PUBLIC)
async def ready(container: ContainerDep) -> Response[Readiness]:
    """The database (and Redis, when configured) answer; 503 otherwise."""
    checks = [await _check("database", _ping_database(container))]
    if container.redis is not None:
        checks.append(await _check("redis", _ping_redis(container)))
    ok = all(check.ok for check in checks)
    return Response(
        Readiness(status="ready" if ok else "unavailable", checks=checks),
        status_code=200 if ok else 503,
    )


@get("/config", operation_id="getPublicConfig", tags=["system"], opt=PUBLIC)
async def public_config(container: ContainerDep) -> PublicConfig:
    """Runtime configuration for the web app; every URL comes from the environment's settings."""
    settings = container.settings
    urls = settings.urls
    return PublicConfig(
        environment=settings.env.value,
        version=__version__,
        public_url=urls.app,
        api_base_url=urls.api_base,
        websocket_url=urls.websocket,
        media_base_url=urls.media_base,
        timezone=settings.timezone,
    )


_docs_renderer = ScalarRenderPlugin()


@get(
    "/api/docs",
    operation_id="getApiDocs",
    opt=PUBLIC,
    include_in_schema=False,
    media_type=MediaType.HTML,
    sync_to_thread=False,
)
def api_docs(request: Request[Any, Any, Any]) -> bytes:
    """Interactive API documentation."""
    schema = request.app.openapi_schema.to_schema()
    return _docs_renderer.render(request, schema)


async def _check(name: str, probe: Any) -> ReadinessCheck:
    try:
        await asyncio.wait_for(probe, CHECK_TIMEOUT_SECONDS)
    except Exception as exc:
        return ReadinessCheck(name=name, ok=False, detail=type(exc).__name__)
    return ReadinessCheck(name=name, ok=True)


async def _ping_database(container: ContainerDep) -> None:
    async with container.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def _ping_redis(container: ContainerDep) -> None:
    assert container.redis is not None
    await container.redis.ping()
