"""Pachca settings: the chat is a number, the time limit fits inside an outbox claim."""

from __future__ import annotations

import pytest

from thebot.config import Settings, SettingsError

CONFIGURED = {"THEBOT_PACHCA_TOKEN": "test-pachca-token", "THEBOT_PACHCA_CHAT_ID": "334"}


def test_the_default_time_limit_for_one_post_is_ten_seconds() -> None:
    settings = Settings.from_env(CONFIGURED, env_file=None)

    assert settings.pachca_configured
    assert settings.pachca_timeout_seconds == 10.0


def test_the_time_limit_is_read_from_the_environment() -> None:
    environ = {**CONFIGURED, "THEBOT_PACHCA_TIMEOUT_SECONDS": "2.5"}

    assert Settings.from_env(environ, env_file=None).pachca_timeout_seconds == 2.5


@pytest.mark.parametrize("value", ["0", "-1", "31"])
def test_a_time_limit_outside_one_claim_is_refused(value: str) -> None:
    with pytest.raises(SettingsError, match="THEBOT_PACHCA_TIMEOUT_SECONDS"):
        Settings.from_env({**CONFIGURED, "THEBOT_PACHCA_TIMEOUT_SECONDS": value}, env_file=None)


@pytest.mark.parametrize("value", ["general", "12a", "-5", "99999999999"])
def test_a_chat_id_that_is_not_a_pachca_chat_number_is_refused(value: str) -> None:
    with pytest.raises(SettingsError, match="THEBOT_PACHCA_CHAT_ID must be the chat's number"):
        Settings.from_env({**CONFIGURED, "THEBOT_PACHCA_CHAT_ID": value}, env_file=None)


def test_the_token_is_masked_when_settings_are_shown() -> None:
    shown = Settings.from_env(CONFIGURED, env_file=None).masked()

    assert shown["pachca_token"] == "********"
    assert shown["pachca_chat_id"] == "334"
