"""Password rules."""

from __future__ import annotations

import pytest

from thebot.domain.accounts.emails import check_email
from thebot.domain.accounts.passwords import check_new_password, generate_password
from thebot.domain.shared.errors import Invalid


def test_generated_passwords_are_long_random_letters_and_digits() -> None:
    passwords = {generate_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert len(password) >= 14
        assert password.isalnum()
        assert password.isascii()
        assert any(c.isdigit() for c in password)
        assert any(c.islower() for c in password)
        assert any(c.isupper() for c in password)


@pytest.mark.parametrize(
    "password", ["short", "123456789", "password123", "Qwerty123", "  qwerty123 ", "x" * 257]
)
def test_weak_or_absurd_passwords_are_refused(password: str) -> None:
    with pytest.raises(Invalid):
        check_new_password(password)


@pytest.mark.parametrize(
    "password", ["Correct-Horse-42", "пароль-для-школы-2026", "a" * 10 + "€", "x" * 128]
)
def test_long_and_unicode_passwords_are_accepted(password: str) -> None:
    check_new_password(password)


def test_password_equal_to_the_email_is_refused() -> None:
    with pytest.raises(Invalid):
        check_new_password("teacher.anna@example.org", email="teacher.anna@example.org")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("Ann@Example.ORG", "ann@example.org"), ("  x.y+z@school.ru ", "x.y+z@school.ru")],
)
def test_emails_are_stored_lower_case(raw: str, stored: str) -> None:
    assert check_email(raw) == stored


@pytest.mark.parametrize("raw", ["", "plain", "a@b", "a b@example.org", "@example.org", "a@.org"])
def test_malformed_emails_are_refused(raw: str) -> None:
    with pytest.raises(Invalid):
        check_email(raw)
