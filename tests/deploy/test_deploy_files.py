"""The production layout's files agree with the platform: the example environment is complete
(only its placeholder secret stops production), nginx's body limit is the platform's, and the
units run migrations once as a release step, never on an app process's start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thebot.config import Settings, SettingsError

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
REAL_LOOKING_SECRET = "k" * 48


def example_settings(**overrides: str) -> Settings:
    environ = {"THEBOT_" + name.upper(): value for name, value in overrides.items()}
    return Settings.from_env(environ, env_file=DEPLOY / "thebot.env.example")


def test_the_example_environment_is_refused_until_its_placeholder_secret_is_replaced() -> None:
    with pytest.raises(SettingsError) as refused:
        example_settings()

    assert refused.value.problems == ["THEBOT_SECRET_KEY is a known example value"]


def test_the_example_environment_with_a_real_secret_is_a_valid_production_setup() -> None:
    settings = example_settings(secret_key=REAL_LOOKING_SECRET)

    assert settings.is_production
    assert settings.database_replica_urls != ()
    assert settings.pachca_configured
    assert settings.masked()["database_replica_urls"] == [
        "postgresql+asyncpg://thebot_reader:********@db-replica-1.internal:5432/thebot"
    ]


def test_nginx_refuses_bodies_over_the_platforms_own_limit() -> None:
    config = (DEPLOY / "nginx" / "thebot.conf").read_text(encoding="utf-8")
    limit = re.search(r"client_max_body_size (\d+)m;", config)

    assert limit is not None
    megabytes = int(limit.group(1)) * 1024 * 1024
    assert megabytes == Settings().max_request_body_bytes
    assert megabytes == example_settings(secret_key=REAL_LOOKING_SECRET).max_request_body_bytes


def test_nginx_upgrades_the_socket_path_and_keeps_it_open() -> None:
    config = (DEPLOY / "nginx" / "thebot.conf").read_text(encoding="utf-8")
    socket = config[config.index("location = /api/v1/ws") :]
    socket = socket[: socket.index("}")]

    assert "proxy_set_header Upgrade    $http_upgrade;" in socket
    assert "proxy_read_timeout 1h;" in socket


def test_migrations_run_once_as_a_release_step_and_never_when_an_app_process_starts() -> None:
    units = DEPLOY / "systemd"
    migrate = (units / "thebot-migrate.service").read_text(encoding="utf-8")
    app = (units / "thebot-app@.service").read_text(encoding="utf-8")

    assert "Type=oneshot" in migrate
    assert "ExecStart=/opt/thebot/.venv/bin/thebot db upgrade" in migrate
    assert "thebot run --host 127.0.0.1 --port %i --no-migrate" in app
    assert "After=network-online.target thebot-migrate.service" in app
