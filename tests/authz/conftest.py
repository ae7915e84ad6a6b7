"""One school for the whole sweep: seeded once per module (seeding takes seconds, the sweep makes
hundreds of calls), and put back to its first state whenever an allowed call changed it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from litestar import Litestar
from redis.asyncio import Redis

from tests.authz.database import Snapshot, changed_tables, fingerprints, put_back, snapshot
from tests.authz.school import World, build_world
from tests.authz.storage import Files, files_under, put_files_back
from tests.conftest import TEST_REDIS_URL, app_client, empty_tables
from tests.fakes.clock import FakeClock
from thebot.adapters.jobs import InProcessJobQueue
from thebot.bootstrap import build_container
from thebot.config import Settings
from thebot.entrypoints.http.app import create_app
from thebot.entrypoints.jobs import JOB_SPECS


@dataclass
class Sweep:
    """The seeded school, its first state, the live app, and what the sweep has done so far."""

    world: World
    app: Litestar
    baseline: Snapshot
    prints: dict[str, str]
    files: Files
    calls: int = 0
    refusals_verified: int = 0
    restores: int = 0

    def summary(self) -> str:
        return (
            f"authorization sweep: {self.calls} calls, {self.refusals_verified} refusals shown"
            f" to change nothing, {self.restores} times the school was put back"
        )

    async def settle(self) -> None:
        """Let background jobs the last call started finish before the database is compared."""
        jobs = self.world.container.jobs
        if isinstance(jobs, InProcessJobQueue):
            await jobs.drain()

    @property
    def media(self) -> Path:
        return self.world.container.settings.media_path

    async def changes(self) -> list[str]:
        """The tables whose rows differ from the first state (and "files", if stored files do)."""
        await self.settle()
        changed = changed_tables(self.prints, await fingerprints(self.world.container.engine))
        return changed + (["files"] if files_under(self.media) != self.files else [])

    async def put_back(self, changed: list[str]) -> None:
        """Undo what the last call changed (``changed``, from ``changes()``)."""
        await put_back(self.world.container.engine, self.baseline, changed)
        put_files_back(self.media, self.files)
        self.restores += 1


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sweep(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> AsyncIterator[Sweep]:
    settings = Settings.from_env(
        {},
        env_file=None,
        env="test",
        data_dir=str(tmp_path_factory.mktemp("authz") / "var"),
        database_url=database_url,
        redis_url=TEST_REDIS_URL,
    )
    if TEST_REDIS_URL is not None:
        redis = Redis.from_url(TEST_REDIS_URL)
        await redis.flushdb()
        await redis.aclose()
    container = build_container(settings, job_specs=JOB_SPECS, clock=FakeClock())
    await empty_tables(container.engine)
    app = create_app(settings, container=container)
    async with app_client(app) as client:
        world = await build_world(client, container)
        state = Sweep(
            world=world,
            app=app,
            baseline=await snapshot(container.engine),
            prints=await fingerprints(container.engine),
            files=files_under(settings.media_path),
        )
        yield state
    await container.close()
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None and state.calls:
        with capture.global_and_fixture_disabled():
            reporter.write_line("\n" + state.summary())
