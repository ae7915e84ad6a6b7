"""Health and public runtime configuration."""

from __future__ import annotations

from typing import Literal

from thebot.entrypoints.http.schemas.base import ResponseBody


class Health(ResponseBody):
    status: Literal["ok"] = "ok"


class ReadinessCheck(ResponseBody):
    name: str
    ok: bool
    detail: str | None = None


class Readiness(ResponseBody):
    status: Literal["ready", "unavailable"]
    checks: list[ReadinessCheck]


class PublicConfig(ResponseBody):
    """What the web app needs to know about the platform it talks to."""

    environment: str
    version: str
    public_url: str
    api_base_url: str
    websocket_url: str
    media_base_url: str
    timezone: str
