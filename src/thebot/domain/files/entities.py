"""A stored file's metadata (the bytes live in file storage under ``key``)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec


class DetectedType(msgspec.Struct, frozen=True, kw_only=True):
    media_type: str
    extension: str


class NewStoredFile(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    original_name: str
    content_type: str
    size: int
    uploaded_by_id: UUID | None


class StoredFile(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    key: str
    original_name: str
    content_type: str
    size: int
    uploaded_by_id: UUID | None
    created_at: datetime
