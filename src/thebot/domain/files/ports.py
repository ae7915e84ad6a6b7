"""What file handling needs: a judge of content, and a record of what was stored."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from thebot.domain.files.entities import DetectedType, NewStoredFile, StoredFile


class FileInspector(Protocol):
    def detect(self, content: bytes) -> DetectedType:
        """The type the bytes really are; ``Invalid`` (field ``file``) when not an accepted one.

        Accepted: PDF, PNG, JPEG, WebP, GIF, plain UTF-8 text, DOCX, XLSX, PPTX, MP3, MP4.
        """
        ...


class FileRecords(Protocol):
    async def add(self, file: NewStoredFile) -> StoredFile: ...

    async def get(self, file_id: UUID) -> StoredFile:
        """The record; raises ``NotFound``."""
        ...

    async def delete(self, file_id: UUID) -> None: ...
