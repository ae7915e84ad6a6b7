"""Where the audit trail is kept."""

from __future__ import annotations

from typing import Protocol

from thebot.domain.audit.entities import AuditEntry, AuditQuery, NewAuditEntry
from thebot.domain.shared.pagination import Page, PageRequest


class AuditLog(Protocol):
    async def record(self, entry: NewAuditEntry) -> None:
        """Store the entry in the same transaction as the change it describes."""
        ...

    async def record_many(self, entries: list[NewAuditEntry]) -> None:
        """Store several entries at once, in the same transaction as the changes."""
        ...

    async def list(self, query: AuditQuery, page: PageRequest) -> Page[AuditEntry]:
        """Entries newest first."""
        ...
