"""Subjects, managed by the school office and read by everyone."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.audit.entities import NewAuditEntry, diff
from thebot.domain.audit.ports import AuditLog
from thebot.domain.learning.entities import Subject, SubjectTeacher
from thebot.domain.learning.ports import SubjectRepository
from thebot.domain.shared.errors import FieldError, Forbidden, Invalid
from thebot.domain.shared.ports import Clock

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def clean_subject(values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    if "name" in values or creating:
        name = (values.get("name") or "").strip()
        if not 1 <= len(name) <= 100:
            errors.append(FieldError("name", "must be 1 to 100 characters"))
        cleaned["name"] = name
    if "description" in values:
        description = (values.get("description") or "").strip() or None
        if description and len(description) > 2000:
            errors.append(FieldError("description", "must be at most 2000 characters"))
        cleaned["description"] = description
    if "color" in values:
        color = values.get("color") or ""
        if not _COLOR.match(color):
            errors.append(FieldError("color", "must be a colour like #1A2B3C"))
        cleaned["color"] = color.upper()
    if errors:
        raise Invalid("Some fields are not valid.", errors)
    return cleaned


class SubjectService:
    """Subjects: the office manages them (every change goes into the audit trail), everyone
    reads them, and those who enroll students see who teaches each."""

    def __init__(self, *, subjects: SubjectRepository, audit: AuditLog, clock: Clock) -> None:
        self._subjects = subjects
        self._audit = audit
        self._clock = clock

    async def list_all(self) -> list[Subject]:
        return await self._subjects.list_all()

    async def create(self, actor: Principal, values: Mapping[str, Any]) -> Subject:
        _admin(actor)
        cleaned = clean_subject(values, creating=True)
        subject = await self._subjects.add(
            cleaned["name"], cleaned.get("description"), cleaned.get("color", "#4F46E5")
        )
        await self._record(actor, "subject.created", subject, _fields(subject))
        return subject

    async def update(
        self, actor: Principal, subject_id: UUID, values: Mapping[str, Any]
    ) -> Subject:
        _admin(actor)
        before = await self._subjects.get(subject_id)
        subject = await self._subjects.update(subject_id, clean_subject(values, creating=False))
        changes = diff(_fields(before), _fields(subject))
        if changes:
            await self._record(actor, "subject.updated", subject, changes)
        return subject

    async def delete(self, actor: Principal, subject_id: UUID) -> None:
        _admin(actor)
        subject = await self._subjects.get(subject_id)
        await self._subjects.delete(subject_id)
        await self._record(actor, "subject.deleted", subject, {"name": subject.name})

    async def teachers(self, actor: Principal, subject_id: UUID) -> list[SubjectTeacher]:
        """Who may teach a new enrollment in the subject: for those who enroll (the office and
        tutors)."""
        if actor.role not in (Role.ADMIN, Role.TUTOR):
            raise Forbidden("Only the school office and tutors choose teachers.")
        await self._subjects.get(subject_id)
        return await self._subjects.teachers_of(subject_id)

    async def _record(
        self, actor: Principal, action: str, subject: Subject, changes: dict[str, Any]
    ) -> None:
        await self._audit.record(
            NewAuditEntry(
                actor_id=actor.id,
                action=action,
                target_id=subject.id,
                changes=changes,
                at=self._clock.now(),
            )
        )


def _fields(subject: Subject) -> dict[str, Any]:
    return {"name": subject.name, "description": subject.description, "color": subject.color}


def _admin(actor: Principal) -> None:
    if actor.role is not Role.ADMIN:
        raise Forbidden("Only the school office manages subjects.")
