"""The ``thebot`` command: run, worker, db, createadmin, seed, openapi, config."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sys
from collections.abc import Awaitable, Callable
from types import FrameType
from typing import Any, TypeVar

import click

from thebot.adapters.db import migrations
from thebot.bootstrap import Container, build_container
from thebot.config import Environment, Settings, SettingsError
from thebot.domain.accounts.services import CreatedAccount
from thebot.domain.shared.errors import DomainError, Invalid
from thebot.entrypoints.jobs import JOB_SPECS
from thebot.entrypoints.logging import configure_logging
from thebot.entrypoints.seeds import seed
from thebot.entrypoints.seeds.demo import describe as describe_demo
from thebot.entrypoints.seeds.demo import seed_empty_database

T = TypeVar("T")


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except SettingsError as exc:
        click.echo("THE BOT cannot start with these settings:", err=True)
        for problem in exc.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(2) from exc


def with_container(settings: Settings, work: Callable[[Container], Awaitable[T]]) -> T:
    async def main() -> T:
        container = build_container(settings, job_specs=JOB_SPECS)
        try:
            return await work(container)
        finally:
            await container.close()

    return asyncio.run(main())


@click.group()
def main() -> None:
    """THE BOT: the platform of a private tutoring school."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option(
    "--migrate/--no-migrate",
    default=None,
    help="Apply migrations first (default: yes outside production).",
)
def run(host: str, port: int, workers: int, migrate: bool | None) -> None:
    """Serve the API (and, on the embedded default, run background jobs in-process)."""
    import uvicorn

    settings = load_settings(port=port)
    configure_logging(settings)
    if workers > 1 and not settings.redis_url:
        raise click.UsageError(
            "the embedded default keeps real-time events and jobs in one process: "
            "use --workers 1, or set THEBOT_REDIS_URL (and PostgreSQL) for more"
        )
    if migrate is None:
        migrate = not settings.is_production
    if migrate:
        migrations.upgrade(settings.effective_database_url)
    if settings.env is Environment.DEVELOPMENT:
        # An empty development database gets the demo school (a non-empty one is left alone).
        school = with_container(settings, seed_empty_database)
        if school is not None:
            for line in describe_demo(school, settings.urls.app):
                click.echo(line)
    click.echo(f"THE BOT ({settings.env.value}) at {settings.urls.app}  docs: /api/docs")
    # Worker processes read their settings from the environment; they must derive the same URLs.
    os.environ["THEBOT_PORT"] = str(port)
    if workers > 1:
        share_metrics_between_processes(settings)
    # uvicorn re-raises the stop signal once it has shut down gracefully: end with status 0.
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, _stopped)
    uvicorn.run(
        "thebot.entrypoints.http.asgi:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        # No "Server: uvicorn": the software behind the API is nobody's business.
        server_header=False,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=20,
        # A new server process imports the whole platform before it answers the supervisor's
        # first ping: on a busy machine that took longer than uvicorn's 5 s, and the supervisor
        # killed and restarted every process, forever.
        timeout_worker_healthcheck=30,
    )


def share_metrics_between_processes(settings: Settings) -> None:
    """prometheus_client's multi-process mode: the server processes (started after this) keep
    their metrics in one emptied folder, so any of them answers ``/metrics`` for all."""
    folder = settings.data_path / "metrics"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder.resolve())


def _stopped(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


main.add_command(seed)


@main.command()
def worker() -> None:
    """Run background jobs from the SAQ queue on Redis (production)."""
    from thebot.entrypoints.worker import run_worker

    settings = load_settings()
    configure_logging(settings)
    if not settings.redis_url:
        raise click.UsageError(
            "THEBOT_REDIS_URL is not set: on the embedded default, `thebot run` runs the jobs"
        )
    asyncio.run(run_worker(settings))


@main.group()
def db() -> None:
    """Database migrations."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Migrate up to REVISION (default: the newest)."""
    migrations.upgrade(load_settings().effective_database_url, revision)


@db.command()
@click.argument("revision", default="-1")
def downgrade(revision: str) -> None:
    """Migrate down to REVISION (default: one step; 'base' for an empty database)."""
    migrations.downgrade(load_settings().effective_database_url, revision)


@db.command()
@click.option("-m", "--message", required=True)
@click.option("--autogenerate/--empty", default=True, show_default=True)
@click.option("--rev-id", default=None, help="Revision id (default: generated).")
def revision(message: str, autogenerate: bool, rev_id: str | None) -> None:
    """Write a new migration, by default from the difference between models and database."""
    migrations.revision(
        load_settings().effective_database_url,
        message,
        autogenerate=autogenerate,
        rev_id=rev_id,
    )


@db.command()
def check() -> None:
    """Fail when the models differ from what the migrations create."""
    migrations.check(load_settings().effective_database_url)
    click.echo("The models and the migrations agree.")


@main.command()
@click.option("--email", required=True)
@click.option("--password", default=None, help="Default: a generated one, printed once.")
@click.option("--first-name", default="School", show_default=True)
@click.option("--last-name", default="Administrator", show_default=True)
def createadmin(email: str, password: str | None, first_name: str, last_name: str) -> None:
    """Create an administrator account."""
    settings = load_settings()

    async def create(container: Container) -> CreatedAccount:
        async with container.unit_of_work() as uow:
            created = await container.admin_bootstrap(uow).create_admin(
                email, password, first_name=first_name, last_name=last_name
            )
            await uow.commit()
            return created

    try:
        created = with_container(settings, create)
    except DomainError as exc:
        click.echo(f"Not created: {_explain(exc)}", err=True)
        raise SystemExit(1) from exc
    _print_credentials("Administrator created", created)


@main.command()
@click.option("--output", type=click.Path(dir_okay=False), default=None)
def openapi(output: str | None) -> None:
    """Print (or write) the OpenAPI document."""
    from thebot.entrypoints.http.app import create_app

    settings = load_settings(env=Environment.TEST.value)
    document = create_app(settings).openapi_schema.to_schema()
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if output:
        with open(output, "w", encoding="utf-8") as file:
            file.write(text)
    else:
        sys.stdout.write(text)


@main.command("config")
def show_config() -> None:
    """Print the effective settings, secrets masked."""
    settings = load_settings()
    click.echo(json.dumps(settings.masked(), indent=2, ensure_ascii=False))


def _explain(error: DomainError) -> str:
    if isinstance(error, Invalid) and error.errors:
        return "; ".join(f"{e.field} {e.message}" for e in error.errors)
    return error.detail


def _print_credentials(title: str, created: CreatedAccount) -> None:
    click.echo(f"{title}: {created.user.email}")
    if created.generated_password:
        click.echo(
            f"  password (shown once, change it at first sign-in): {created.generated_password}"
        )


if __name__ == "__main__":
    main()
