"""Offset pagination shared by every list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

import msgspec

from thebot.domain.shared.errors import FieldError, Invalid

T = TypeVar("T")

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class PageRequest(msgspec.Struct, frozen=True):
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        errors = []
        if not 1 <= self.limit <= MAX_LIMIT:
            errors.append(FieldError("limit", f"must be between 1 and {MAX_LIMIT}"))
        if self.offset < 0:
            errors.append(FieldError("offset", "must not be negative"))
        if errors:
            raise Invalid("Invalid pagination", errors)


class Page(msgspec.Struct, Generic[T], frozen=True):
    items: Sequence[T]
    total: int
    limit: int
    offset: int
