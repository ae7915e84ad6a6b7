"""The factory uvicorn imports in every worker process: settings from the environment."""

from __future__ import annotations

import gc

from litestar import Litestar

from thebot.config import Settings
from thebot.entrypoints.http.app import create_app


def app_from_environment() -> Litestar:
    app = create_app(Settings.from_env())
    # Everything imported and built so far lives as long as the process: move it out of the
    # collector's sight, so that a full collection scans only what requests allocate (a full
    # scan of the whole heap paused a worker for tens of milliseconds under load).
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    return app
