"""Storing and reading uploaded files. Who may read a file is decided by the part of the
domain that owns it (a material, a homework, a submission), never here."""

from __future__ import annotations

from uuid import UUID, uuid4

from thebot.domain.files.entities import NewStoredFile, StoredFile
from thebot.domain.files.names import safe_display_name
from thebot.domain.files.ports import FileInspector, FileRecords
from thebot.domain.shared.errors import Invalid, PayloadTooLarge
from thebot.domain.shared.ports import AfterCommit, FileStorage

MAX_FILE_BYTES = 20 * 1024 * 1024


class FileService:
    def __init__(
        self,
        *,
        records: FileRecords,
        storage: FileStorage,
        inspector: FileInspector,
        transaction: AfterCommit,
    ) -> None:
        self._records = records
        self._storage = storage
        self._inspector = inspector
        self._transaction = transaction

    async def store(
        self,
        uploader_id: UUID,
        filename: str,
        content: bytes,
        *,
        max_bytes: int = MAX_FILE_BYTES,
        folder: str = "files",
    ) -> StoredFile:
        """Check the bytes, store them under a new random key, and record them.

        If the transaction does not commit, the bytes are removed again.
        """
        if not content:
            raise Invalid.field("file", "is empty")
        if len(content) > max_bytes:
            raise PayloadTooLarge(f"The file must be at most {max_bytes // (1024 * 1024)} MB.")
        detected = self._inspector.detect(content)
        key = f"{folder}/{uuid4().hex}.{detected.extension}"
        await self._storage.save(key, content, detected.media_type)
        self._transaction.after_rollback(lambda: self._storage.delete(key))
        return await self._records.add(
            NewStoredFile(
                key=key,
                original_name=safe_display_name(filename, detected.extension),
                content_type=detected.media_type,
                size=len(content),
                uploaded_by_id=uploader_id,
            )
        )

    async def get(self, file_id: UUID) -> StoredFile:
        return await self._records.get(file_id)

    async def read(self, file: StoredFile) -> bytes:
        return await self._storage.read(file.key)

    async def discard(self, file_id: UUID) -> None:
        """Forget the file; its bytes go once the transaction has committed."""
        file = await self._records.get(file_id)
        await self._records.delete(file_id)
        self._transaction.after_commit(lambda: self._storage.delete(file.key))
