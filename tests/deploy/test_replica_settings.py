"""Read replica settings: a comma-separated list of PostgreSQL URLs, refused on SQLite, and shown
by ``thebot config`` with their passwords masked like the primary's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from thebot.config import Settings, SettingsError
from thebot.entrypoints.cli import main

PRIMARY = "postgresql+asyncpg://thebot:primary-pw-1@db-primary.internal/thebot"
REPLICAS = (
    "postgresql+asyncpg://reader:replica-pw-1@db-replica-1.internal/thebot",
    "postgresql+asyncpg://reader:replica-pw-2@db-replica-2.internal/thebot",
)


def load(**environ: str) -> Settings:
    return Settings.from_env(environ, env_file=None)


def test_replica_urls_are_read_as_a_comma_separated_list() -> None:
    settings = load(
        THEBOT_DATABASE_URL=PRIMARY, THEBOT_DATABASE_REPLICA_URLS=" , ".join(REPLICAS) + ","
    )

    assert settings.database_replica_urls == REPLICAS
    assert settings.database_replica_sticky_seconds == 5


def test_no_replica_is_the_default() -> None:
    assert load(THEBOT_DATABASE_URL=PRIMARY).database_replica_urls == ()


def test_replicas_of_an_embedded_sqlite_database_are_refused() -> None:
    with pytest.raises(SettingsError) as refused:
        load(THEBOT_DATABASE_REPLICA_URLS=REPLICAS[0])

    assert (
        "THEBOT_DATABASE_REPLICA_URLS need a PostgreSQL THEBOT_DATABASE_URL"
        in refused.value.problems
    )


def test_a_replica_url_of_another_driver_is_refused_without_showing_its_password() -> None:
    with pytest.raises(SettingsError) as refused:
        load(
            THEBOT_DATABASE_URL=PRIMARY,
            THEBOT_DATABASE_REPLICA_URLS="postgresql://reader:replica-pw-9@db-replica.internal/x",
        )

    assert len(refused.value.problems) == 1
    assert "must use postgresql+asyncpg://" in refused.value.problems[0]
    assert "replica-pw-9" not in str(refused.value)


def test_a_negative_stickiness_is_refused() -> None:
    with pytest.raises(SettingsError) as refused:
        load(
            THEBOT_DATABASE_URL=PRIMARY,
            THEBOT_DATABASE_REPLICA_URLS=REPLICAS[0],
            THEBOT_DATABASE_REPLICA_STICKY_SECONDS="-1",
        )

    assert refused.value.problems == ["THEBOT_DATABASE_REPLICA_STICKY_SECONDS must not be negative"]


def test_config_command_masks_the_replica_passwords_like_the_primary_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in list(os.environ):
        if name.startswith("THEBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    environ = {"THEBOT_DATABASE_URL": PRIMARY, "THEBOT_DATABASE_REPLICA_URLS": ",".join(REPLICAS)}

    result = CliRunner().invoke(main, ["config"], env=environ)

    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert (
        shown["database_url"] == "postgresql+asyncpg://thebot:********@db-primary.internal/thebot"
    )
    assert shown["database_replica_urls"] == [
        "postgresql+asyncpg://reader:********@db-replica-1.internal/thebot",
        "postgresql+asyncpg://reader:********@db-replica-2.internal/thebot",
    ]
    for password in ("primary-pw-1", "replica-pw-1", "replica-pw-2"):
        assert password not in result.output
