"""Subjects, managed by the school office and read by everyone."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.learning.entities import Subject
from thebot.domain.learning.ports import SubjectRepository
from thebot.domain.shared.errors import FieldError, Forbidden, Invalid

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
    def __init__(self, *, subjects: SubjectRepository) -> None:
        self._subjects = subjects

    async def list_all(self) -> list[Subject]:
        return await self._subjects.list_all()

    async def create(self, actor: Principal, values: Mapping[str, Any]) -> Subject:
        _admin(actor)
        cleaned = clean_subject(values, creating=True)
        return await self._subjects.add(
            cleaned["name"], cleaned.get("description"), cleaned.get("color", "#4F46E5")
        )

    async def update(
        self, actor: Principal, subject_id: UUID, values: Mapping[str, Any]
    ) -> Subject:
        _admin(actor)
        await self._subjects.get(subject_id)
        return await self._subjects.update(subject_id, clean_subject(values, creating=False))

    async def delete(self, actor: Principal, subject_id: UUID) -> None:
        _admin(actor)
        await self._subjects.get(subject_id)
        await self._subjects.delete(subject_id)


def _admin(actor: Principal) -> None:
    if actor.role is not Role.ADMIN:
        raise Forbidden("Only the school office manages subjects.")
