"""The factory uvicorn imports in every worker process: settings from the environment."""

from __future__ import annotations

from litestar import Litestar

from thebot.config import Settings
from thebot.entrypoints.http.app import create_app


def app_from_environment() -> Litestar:
    return create_app(Settings.from_env())
