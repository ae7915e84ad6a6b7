"""Records of stored files."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from thebot.adapters.db.models import StoredFileModel
from thebot.domain.files.entities import NewStoredFile, StoredFile
from thebot.domain.shared.errors import NotFound


def to_stored_file(row: StoredFileModel) -> StoredFile:
    return StoredFile(
        id=row.id,
        key=row.key,
        original_name=row.original_name,
        content_type=row.content_type,
        size=row.size,
        uploaded_by_id=row.uploaded_by_id,
        created_at=row.created_at,
    )


class SqlFileRecords:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, file: NewStoredFile) -> StoredFile:
        row = StoredFileModel(
            key=file.key,
            original_name=file.original_name,
            content_type=file.content_type,
            size=file.size,
            uploaded_by_id=file.uploaded_by_id,
        )
        self._session.add(row)
        await self._session.flush()
        return to_stored_file(row)

    async def get(self, file_id: UUID) -> StoredFile:
        row = await self._session.get(StoredFileModel, file_id)
        if row is None:
            raise NotFound("File not found.")
        return to_stored_file(row)

    async def delete(self, file_id: UUID) -> None:
        await self._session.execute(delete(StoredFileModel).where(StoredFileModel.id == file_id))
