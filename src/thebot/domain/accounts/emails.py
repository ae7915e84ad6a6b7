"""Email addresses: stored lower-case, compared case-insensitively."""

from __future__ import annotations

import re

from thebot.domain.shared.errors import Invalid

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
MAX_LENGTH = 254


def normalise_email(value: str) -> str:
    return value.strip().lower()


def check_email(value: str, *, field: str = "email") -> str:
    """The normalised address, or ``Invalid`` naming the field."""
    email = normalise_email(value)
    if len(email) > MAX_LENGTH or not _EMAIL.match(email):
        raise Invalid.field(field, "is not a valid email address")
    return email
