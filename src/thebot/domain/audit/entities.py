"""One administrative action, as recorded."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

SECRET_FIELDS = frozenset({"password", "password_hash", "token", "refresh_token", "access_token"})


class NewAuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: UUID | None
    action: str
    target_id: UUID | None
    changes: dict[str, Any]
    at: datetime


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    actor_id: UUID | None
    actor_name: str | None
    action: str
    target_id: UUID | None
    target_name: str | None
    changes: dict[str, Any]
    created_at: datetime


class AuditQuery(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: UUID | None = None
    target_id: UUID | None = None
    action: str | None = None


def without_secrets(changes: dict[str, Any]) -> dict[str, Any]:
    """Changes fit for the trail: secrets never leave the request that set them."""
    return {k: v for k, v in changes.items() if k not in SECRET_FIELDS}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value and name not in SECRET_FIELDS
    }
