"""Which fields each role has, who may edit which, and what a valid value is."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from thebot.domain.accounts.emails import check_email
from thebot.domain.accounts.entities import Role
from thebot.domain.shared.errors import FieldError, Invalid

USER_FIELDS = frozenset({"email", "first_name", "last_name", "phone"})
PROFILE_FIELDS: Mapping[Role, frozenset[str]] = {
    Role.STUDENT: frozenset({"grade", "goal", "tutor_id", "parent_id", "telegram", "staff_notes"}),
    Role.TEACHER: frozenset({"bio", "experience_years", "telegram"}),
    Role.TUTOR: frozenset({"specialization", "bio", "experience_years", "telegram"}),
    Role.PARENT: frozenset({"telegram", "notify_by_telegram", "notify_by_email"}),
    Role.ADMIN: frozenset(),
}
# What people may change about themselves: never their email, role, tutor, parent or notes.
_NAMES = frozenset({"first_name", "last_name", "phone"})
SELF_EDITABLE: Mapping[Role, frozenset[str]] = {
    Role.STUDENT: _NAMES | {"grade", "goal", "telegram"},
    Role.TEACHER: _NAMES | {"bio", "experience_years", "telegram"},
    Role.TUTOR: _NAMES | {"specialization", "bio", "experience_years", "telegram"},
    Role.PARENT: _NAMES | {"telegram", "notify_by_telegram", "notify_by_email"},
    Role.ADMIN: _NAMES,
}
ADMIN_EDITABLE: Mapping[Role, frozenset[str]] = {
    role: USER_FIELDS | fields for role, fields in PROFILE_FIELDS.items()
}
# A tutor looks after their students and those students' parents, but never reassigns a
# student to another tutor.
TUTOR_EDITABLE: Mapping[Role, frozenset[str]] = {
    Role.STUDENT: ADMIN_EDITABLE[Role.STUDENT] - {"tutor_id"},
    Role.PARENT: ADMIN_EDITABLE[Role.PARENT],
}
REQUIRED_ON_CREATE: Mapping[Role, frozenset[str]] = {
    Role.STUDENT: frozenset({"email", "first_name", "last_name", "grade"}),
    Role.TEACHER: frozenset({"email", "first_name", "last_name"}),
    Role.TUTOR: frozenset({"email", "first_name", "last_name", "specialization"}),
    Role.PARENT: frozenset({"email", "first_name", "last_name"}),
    Role.ADMIN: frozenset({"email", "first_name", "last_name"}),
}

_PHONE = re.compile(r"^\+\d{9,15}$")
_PHONE_NOISE = re.compile(r"[\s()\-.]")
_TELEGRAM = re.compile(r"^[A-Za-z0-9_]{5,32}$")


def _text(max_length: int, *, required: bool = False) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value is None:
            if required:
                raise ValueError("is required")
            return None
        if not isinstance(value, str):
            raise ValueError("must be text")
        text = value.strip()
        if not text:
            if required:
                raise ValueError("must not be empty")
            return None
        if len(text) > max_length:
            raise ValueError(f"must be at most {max_length} characters")
        return text

    return check


def _whole_number(low: int, high: int) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return check


def _phone(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError("must be text")
    phone = _PHONE_NOISE.sub("", value.strip())
    if not _PHONE.match(phone):
        raise ValueError("must be + and 9 to 15 digits, e.g. +79001234567")
    return phone


def _telegram(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError("must be text")
    handle = value.strip().removeprefix("@")
    if not _TELEGRAM.match(handle):
        raise ValueError("must be 5 to 32 letters, digits or underscores")
    return handle


def _email(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    try:
        return check_email(value)
    except Invalid as exc:
        raise ValueError(exc.detail) from exc


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _user_id(value: Any) -> UUID | None:
    if value is None or isinstance(value, UUID):
        return value
    raise ValueError("must be a user id")


VALIDATORS: Mapping[str, Callable[[Any], Any]] = {
    "email": _email,
    "first_name": _text(100, required=True),
    "last_name": _text(100, required=True),
    "phone": _phone,
    "grade": _whole_number(1, 11),
    "goal": _text(1000),
    "tutor_id": _user_id,
    "parent_id": _user_id,
    "telegram": _telegram,
    "staff_notes": _text(4000),
    "bio": _text(1000),
    "experience_years": _whole_number(0, 80),
    "specialization": _text(200, required=True),
    "notify_by_telegram": _flag,
    "notify_by_email": _flag,
}


def clean_fields(
    values: Mapping[str, Any],
    allowed: frozenset[str],
    *,
    required: frozenset[str] = frozenset(),
    refusal: str = "may not be changed here",
) -> dict[str, Any]:
    """Validate ``values`` field by field; every problem is reported at once, naming the field."""
    errors = [FieldError(name, refusal) for name in values if name not in allowed]
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name not in allowed:
            continue
        try:
            cleaned[name] = VALIDATORS[name](value)
        except ValueError as exc:
            errors.append(FieldError(name, str(exc)))
    for name in sorted(required):
        if cleaned.get(name) is None and not any(e.field == name for e in errors):
            errors.append(FieldError(name, "is required"))
    if errors:
        raise Invalid("Some fields are not valid.", errors)
    return cleaned


def split_changes(changes: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate the user's own columns from the profile's."""
    user = {k: v for k, v in changes.items() if k in USER_FIELDS}
    profile = {k: v for k, v in changes.items() if k not in USER_FIELDS}
    return user, profile
