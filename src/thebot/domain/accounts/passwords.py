"""Password rules: what a chosen password must be, and how generated ones are made."""

from __future__ import annotations

import secrets
import string

from thebot.domain.accounts.common_passwords import COMMON_PASSWORDS
from thebot.domain.shared.errors import Invalid

MIN_LENGTH = 10
MAX_LENGTH = 256
GENERATED_LENGTH = 16
_ALPHABET = string.ascii_letters + string.digits


def check_new_password(password: str, *, field: str = "password", email: str = "") -> None:
    """Refuse a chosen password that is short, huge, common or the account's own email."""
    if len(password) < MIN_LENGTH:
        raise Invalid.field(field, f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise Invalid.field(field, f"must be at most {MAX_LENGTH} characters")
    folded = password.strip().lower()
    if folded in COMMON_PASSWORDS:
        raise Invalid.field(field, "is too common; choose another")
    local_part = email.split("@", 1)[0].lower()
    if email and (folded == email.lower() or (len(local_part) >= 4 and folded == local_part)):
        raise Invalid.field(field, "must not be the email address")


def generate_password(length: int = GENERATED_LENGTH) -> str:
    """A random password of letters and digits, with at least one of each kind."""
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
        ):
            return candidate
