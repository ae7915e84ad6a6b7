"""Settings: defaults, URLs derived from THEBOT_PUBLIC_URL, production refusals, .env, masking."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import pytest
from click.testing import CliRunner

from thebot.config import DEVELOPMENT_SECRET_KEY, Environment, Settings, SettingsError
from thebot.entrypoints.cli import main

SECRET = secrets.token_urlsafe(36)  # 48 characters
assert len(SECRET) == 48

PRODUCTION: dict[str, str] = {
    "THEBOT_ENV": "production",
    "THEBOT_DATABASE_URL": "postgresql+asyncpg://u:p@db.internal/thebot",
    "THEBOT_REDIS_URL": "redis://cache.internal:6379/0",
    "THEBOT_PUBLIC_URL": "https://school.example.org",
    "THEBOT_SECRET_KEY": SECRET,
    "THEBOT_YOOKASSA_SHOP_ID": "fake-shop-000",
    "THEBOT_YOOKASSA_SECRET_KEY": "fake-secret-not-real",
}


def load(environ: dict[str, str], env_file: Path | None = None) -> Settings:
    return Settings.from_env(environ, env_file=env_file)


def production(**changes: str | None) -> dict[str, str]:
    """The valid production environ, with variables changed (``None`` removes one)."""
    environ = dict(PRODUCTION)
    for name, value in changes.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    return environ


def refusal(environ: dict[str, str]) -> str:
    """Every problem of a refused environ, joined, for ``in`` assertions."""
    with pytest.raises(SettingsError) as caught:
        load(environ)
    assert caught.value.problems
    return "\n".join(caught.value.problems)


# ----- defaults and URLs ------------------------------------------------------------------


def test_defaults_are_a_loopback_development_setup_on_sqlite(tmp_path: Path) -> None:
    settings = load({"THEBOT_DATA_DIR": str(tmp_path)})

    assert settings.env is Environment.DEVELOPMENT
    assert settings.uses_sqlite
    assert settings.effective_database_url == f"sqlite+aiosqlite:///{tmp_path / 'thebot.sqlite3'}"
    assert settings.effective_secret_key == DEVELOPMENT_SECRET_KEY
    assert settings.redis_url is None
    assert settings.urls.app == "http://127.0.0.1:8000"
    assert settings.urls.api_base == "http://127.0.0.1:8000/api/v1"
    assert settings.urls.websocket == "ws://127.0.0.1:8000/api/v1/ws"
    assert settings.urls.media_base == "http://127.0.0.1:8000/media"


def test_default_sqlite_file_lives_under_the_default_data_dir() -> None:
    settings = load({})

    assert settings.effective_database_url == "sqlite+aiosqlite:///var/thebot.sqlite3"


def test_port_setting_changes_the_development_urls() -> None:
    urls = load({"THEBOT_PORT": "9001"}).urls

    assert urls.app == "http://127.0.0.1:9001"
    assert urls.api_base == "http://127.0.0.1:9001/api/v1"
    assert urls.websocket == "ws://127.0.0.1:9001/api/v1/ws"
    assert urls.media_base == "http://127.0.0.1:9001/media"


def test_explicit_public_url_is_used_in_development() -> None:
    urls = load({"THEBOT_PUBLIC_URL": "http://dev.school.test:8080/"}).urls

    assert urls.app == "http://dev.school.test:8080"
    assert urls.api_base == "http://dev.school.test:8080/api/v1"
    assert urls.websocket == "ws://dev.school.test:8080/api/v1/ws"
    assert urls.media_base == "http://dev.school.test:8080/media"
    assert urls.app_path("/lessons/42") == "http://dev.school.test:8080/lessons/42"


def test_production_urls_are_https_and_wss_on_the_public_host() -> None:
    urls = load(PRODUCTION).urls

    assert urls.app == "https://school.example.org"
    assert urls.api_base == "https://school.example.org/api/v1"
    assert urls.websocket == "wss://school.example.org/api/v1/ws"
    assert urls.media_base == "https://school.example.org/media"
    assert urls.media("avatars/a.png") == "https://school.example.org/media/avatars/a.png"
    for url in (urls.app, urls.api_base, urls.websocket, urls.media_base):
        assert "127.0.0.1" not in url
        assert "localhost" not in url


def test_valid_production_environ_loads() -> None:
    settings = load(PRODUCTION)

    assert settings.is_production
    assert not settings.uses_sqlite
    assert settings.effective_secret_key == SECRET
    assert settings.effective_cors_origins == ("https://school.example.org",)
    assert settings.effective_payment_gateway.value == "yookassa"
    assert settings.effective_log_format == "json"


# ----- production refusals ----------------------------------------------------------------


def test_production_refuses_sqlite_when_no_database_url_is_set() -> None:
    assert "SQLite is refused" in refusal(production(THEBOT_DATABASE_URL=None))


def test_production_refuses_an_explicit_sqlite_url() -> None:
    environ = production(THEBOT_DATABASE_URL="sqlite+aiosqlite:///var/thebot.sqlite3")
    assert "SQLite is refused" in refusal(environ)


def test_production_refuses_a_missing_secret_key() -> None:
    assert "production needs THEBOT_SECRET_KEY" in refusal(production(THEBOT_SECRET_KEY=None))


def test_production_refuses_a_short_secret_key() -> None:
    environ = production(THEBOT_SECRET_KEY=SECRET[:31])
    assert "THEBOT_SECRET_KEY must be at least 32 characters" in refusal(environ)


@pytest.mark.parametrize("secret", [DEVELOPMENT_SECRET_KEY, "change-me"])
def test_production_refuses_a_known_example_secret_key(secret: str) -> None:
    environ = production(THEBOT_SECRET_KEY=secret)
    assert "THEBOT_SECRET_KEY is a known example value" in refusal(environ)


def test_production_refuses_an_http_public_url() -> None:
    environ = production(THEBOT_PUBLIC_URL="http://school.example.org")
    assert "THEBOT_PUBLIC_URL must use https in production" in refusal(environ)


@pytest.mark.parametrize(
    "public_url",
    ["https://localhost", "https://127.0.0.1:8000", "https://[::1]", "https://app.localhost"],
)
def test_production_refuses_a_loopback_public_url(public_url: str) -> None:
    environ = production(THEBOT_PUBLIC_URL=public_url)
    assert "THEBOT_PUBLIC_URL points at localhost/loopback in production" in refusal(environ)


def test_production_refuses_a_missing_public_url() -> None:
    assert "production needs THEBOT_PUBLIC_URL" in refusal(production(THEBOT_PUBLIC_URL=None))


def test_production_refuses_wildcard_cors() -> None:
    problems = refusal(production(THEBOT_CORS_ORIGINS="https://school.example.org, *"))
    assert "'*' is refused in production" in problems


def test_production_refuses_a_loopback_cors_origin() -> None:
    problems = refusal(production(THEBOT_CORS_ORIGINS="http://localhost:5173"))
    assert "THEBOT_CORS_ORIGINS allows the loopback origin 'http://localhost:5173'" in problems


@pytest.mark.parametrize("missing", ["THEBOT_YOOKASSA_SHOP_ID", "THEBOT_YOOKASSA_SECRET_KEY"])
def test_production_refuses_half_configured_yookassa(missing: str) -> None:
    assert "YooKassa is half-configured" in refusal(production(**{missing: None}))


@pytest.mark.parametrize(
    "present",
    [{"THEBOT_PACHCA_TOKEN": "fake-token-not-real"}, {"THEBOT_PACHCA_CHAT_ID": "12345"}],
)
def test_production_refuses_half_configured_pachca(present: dict[str, str]) -> None:
    assert "Pachca is half-configured" in refusal(production(**present))


def test_production_accepts_fully_configured_pachca() -> None:
    settings = load(
        production(THEBOT_PACHCA_TOKEN="fake-token-not-real", THEBOT_PACHCA_CHAT_ID="1")
    )
    assert settings.pachca_configured


def test_production_refuses_the_development_payment_gateway() -> None:
    environ = production(THEBOT_PAYMENT_GATEWAY="development")
    assert "the development payment gateway is refused in production" in refusal(environ)


def test_production_refuses_missing_redis() -> None:
    assert "production needs THEBOT_REDIS_URL" in refusal(production(THEBOT_REDIS_URL=None))


def test_production_lists_every_problem_not_only_the_first() -> None:
    with pytest.raises(SettingsError) as caught:
        load({"THEBOT_ENV": "production"})

    problems = "\n".join(caught.value.problems)
    for expected in (
        "SQLite is refused",
        "production needs THEBOT_SECRET_KEY",
        "production needs THEBOT_PUBLIC_URL",
        "production needs THEBOT_REDIS_URL",
        "production payments need THEBOT_YOOKASSA_SHOP_ID",
    ):
        assert expected in problems
    assert len(caught.value.problems) == 5


@pytest.mark.parametrize(
    "environ",
    [
        {"THEBOT_YOOKASSA_SHOP_ID": "fake-shop-000"},
        {"THEBOT_YOOKASSA_SECRET_KEY": "fake-secret-not-real"},
    ],
)
def test_development_refuses_half_configured_yookassa(environ: dict[str, str]) -> None:
    assert "YooKassa is half-configured" in refusal(environ)


@pytest.mark.parametrize(
    "environ", [{"THEBOT_PACHCA_TOKEN": "fake-token-not-real"}, {"THEBOT_PACHCA_CHAT_ID": "1"}]
)
def test_development_refuses_half_configured_pachca(environ: dict[str, str]) -> None:
    assert "Pachca is half-configured" in refusal(environ)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"THEBOT_ENV": "staging"}, "invalid setting"),
        ({"THEBOT_TIMEZONE": "Mars/Olympus_Mons"}, "is not a known time zone"),
        ({"THEBOT_ACCESS_TOKEN_TTL_SECONDS": "fifteen"}, "invalid setting"),
        ({"THEBOT_ACCESS_TOKEN_TTL_SECONDS": "0"}, "token lifetimes must be positive"),
        ({"THEBOT_PUBLIC_URL": "school.example.org"}, "must be an absolute http(s) URL"),
        ({"THEBOT_DATABASE_URL": "mysql://u@db/thebot"}, "THEBOT_DATABASE_URL must use"),
    ],
)
def test_invalid_values_raise_settings_error(environ: dict[str, str], expected: str) -> None:
    assert expected in refusal(environ)


# ----- .env file --------------------------------------------------------------------------


def test_env_file_is_read_with_quotes_stripped_and_comments_ignored(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# local development\n"
        "\n"
        'THEBOT_PUBLIC_URL="http://dev.school.test:8080"\n'
        "THEBOT_TIMEZONE='Asia/Yekaterinburg'\n"
        "export THEBOT_LOG_LEVEL=DEBUG\n"
        "THEBOT_PORT=9100  # inline comment\n"
        'THEBOT_PACHCA_TOKEN="has # inside"  # and a comment\n'
        "THEBOT_PACHCA_CHAT_ID=42\n"
        "# THEBOT_ENV=production\n",
        encoding="utf-8",
    )

    settings = load({}, env_file)

    assert settings.env is Environment.DEVELOPMENT
    assert settings.public_url == "http://dev.school.test:8080"
    assert settings.timezone == "Asia/Yekaterinburg"
    assert settings.log_level == "DEBUG"
    assert settings.port == 9100
    assert settings.pachca_token == "has # inside"
    assert settings.pachca_chat_id == "42"


def test_real_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("THEBOT_TIMEZONE=Asia/Yekaterinburg\nTHEBOT_PORT=9100\n", encoding="utf-8")

    settings = load({"THEBOT_TIMEZONE": "Europe/Kaliningrad"}, env_file)

    assert settings.timezone == "Europe/Kaliningrad"
    assert settings.port == 9100


def test_missing_env_file_is_not_an_error(tmp_path: Path) -> None:
    assert load({}, tmp_path / "absent.env").env is Environment.DEVELOPMENT


# ----- masking ----------------------------------------------------------------------------


def test_masked_hides_every_secret() -> None:
    environ = production(
        THEBOT_DATABASE_URL="postgresql+asyncpg://thebot:db-password-123@db.internal/thebot",
        THEBOT_REDIS_URL="redis://:redis-password-456@cache.internal:6379/0",
        THEBOT_PACHCA_TOKEN="pachca-token-789",
        THEBOT_PACHCA_CHAT_ID="1",
    )
    shown = load(environ).masked()
    text = json.dumps(shown)

    for secret in (SECRET, "fake-secret-not-real", "pachca-token-789", "db-password-123"):
        assert secret not in text
    assert "redis-password-456" not in text
    assert shown["secret_key"] == "********"
    assert shown["yookassa_secret_key"] == "********"
    assert shown["pachca_token"] == "********"
    assert shown["database_url"] == "postgresql+asyncpg://thebot:********@db.internal/thebot"
    assert shown["redis_url"] == "redis://:********@cache.internal:6379/0"
    assert shown["yookassa_shop_id"] == "fake-shop-000"
    assert shown["urls"]["websocket"] == "wss://school.example.org/api/v1/ws"


def test_masked_development_settings_name_the_default_secret_without_showing_it() -> None:
    shown = load({}).masked()

    assert shown["secret_key"] == "(development default)"
    assert DEVELOPMENT_SECRET_KEY not in json.dumps(shown)


# ----- `thebot config` --------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner in an empty directory, with no THEBOT_* variable of the caller leaking in."""
    for name in list(os.environ):
        if name.startswith("THEBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_config_command_prints_json_with_secrets_masked(runner: CliRunner) -> None:
    environ = production(THEBOT_DATABASE_URL="postgresql+asyncpg://u:db-password-123@db/thebot")

    result = runner.invoke(main, ["config"], env=environ)

    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["env"] == "production"
    assert shown["secret_key"] == "********"
    assert shown["yookassa_secret_key"] == "********"
    assert shown["database_url"] == "postgresql+asyncpg://u:********@db/thebot"
    assert shown["urls"]["api_base"] == "https://school.example.org/api/v1"
    assert SECRET not in result.output
    assert "db-password-123" not in result.output
    assert "fake-secret-not-real" not in result.output


def test_config_command_reads_the_env_file_of_the_working_directory(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("THEBOT_PORT=9200\n", encoding="utf-8")

    result = runner.invoke(main, ["config"], env={})

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["public_url"] == "http://127.0.0.1:9200"


def test_config_command_refuses_bad_production_settings_with_exit_code_2(
    runner: CliRunner,
) -> None:
    environ = production(THEBOT_SECRET_KEY="change-me", THEBOT_PUBLIC_URL="http://127.0.0.1")

    result = runner.invoke(main, ["config"], env=environ)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "THE BOT cannot start with these settings:" in result.stderr
    assert "  - THEBOT_SECRET_KEY is a known example value\n" in result.stderr
    assert "  - THEBOT_PUBLIC_URL must use https in production\n" in result.stderr
    assert "  - THEBOT_PUBLIC_URL points at localhost/loopback in production\n" in result.stderr


@pytest.mark.parametrize(
    ("environ", "reason"),
    [
        ({"THEBOT_YOOKASSA_VAT_CODE": "0"}, "THEBOT_YOOKASSA_VAT_CODE"),
        ({"THEBOT_YOOKASSA_VAT_CODE": "13"}, "THEBOT_YOOKASSA_VAT_CODE"),
        ({"THEBOT_PAYMENT_RECONCILE_MINUTES": "0"}, "THEBOT_PAYMENT_RECONCILE_MINUTES"),
        ({"THEBOT_NOTIFICATION_RETENTION_DAYS": "0"}, "THEBOT_NOTIFICATION_RETENTION_DAYS"),
        ({"THEBOT_YOOKASSA_WEBHOOK_NETWORKS": "10.0.0.0/8,not-a-net"}, "'not-a-net'"),
    ],
)
def test_payment_settings_are_checked(environ: dict[str, str], reason: str) -> None:
    assert reason in refusal(environ)


def test_payment_settings_read_from_the_environment() -> None:
    settings = load(
        {
            "THEBOT_YOOKASSA_RECEIPTS": "true",
            "THEBOT_YOOKASSA_VAT_CODE": "6",
            "THEBOT_YOOKASSA_WEBHOOK_NETWORKS": "185.71.76.0/27, 2a02:5180::/32",
        }
    )
    assert (settings.yookassa_receipts, settings.yookassa_vat_code) == (True, 6)
    assert settings.yookassa_webhook_networks == ("185.71.76.0/27", "2a02:5180::/32")
    assert load({}).yookassa_webhook_networks[0] == "185.71.76.0/27"
