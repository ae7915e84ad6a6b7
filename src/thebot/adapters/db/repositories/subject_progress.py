"""Keeps ``subject_progress`` exact.

Every write that changes what a material adds to its students' subject progress (its
assignments, a student's progress on it, its status or its subject) goes the same way:

1. ``lock``: take the material's row lock, so that no two transactions change one material's
   contribution at the same time (on SQLite the write lock of ``BEGIN IMMEDIATE`` does that);
2. ``shift(-1)``: take the material's current contribution out of the summary;
3. make the change;
4. ``shift(+1)``: put the material's new contribution back.

Both shifts are one set-based upsert each, whatever the number of students.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from sqlalchemy import and_, delete, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from thebot.adapters.db.models import (
    MaterialAssignmentModel,
    MaterialModel,
    MaterialProgressModel,
    SubjectProgressModel,
)

_MA = MaterialAssignmentModel
_MP = MaterialProgressModel
_SP = SubjectProgressModel


async def lock(session: AsyncSession, material_id: UUID) -> None:
    await session.execute(
        select(MaterialModel.id).where(MaterialModel.id == material_id).with_for_update()
    )


async def shift(
    session: AsyncSession,
    material_id: UUID,
    sign: int,
    students: Collection[UUID] | None = None,
) -> None:
    """Add (``sign=1``) or take out (``sign=-1``) the material's contribution, for every
    assigned student or only for ``students``."""
    if students is not None and not students:
        return
    where: list[Any] = [_MA.material_id == material_id]
    if students is not None:
        where.append(_MA.student_id.in_(students))
    await _add(session, _contribution(sign, *where))


async def _add(session: AsyncSession, contribution: Any) -> None:
    build = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = build(_SP).from_select(
        ["student_id", "subject_id", "assigned", "progress_total"], contribution
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["student_id", "subject_id"],
            set_={
                "assigned": _SP.assigned + statement.excluded.assigned,
                "progress_total": _SP.progress_total + statement.excluded.progress_total,
            },
        )
    )


async def rebuild(session: AsyncSession | AsyncConnection) -> None:
    """Recompute the whole summary from the three tables (migrations and bulk loads)."""
    await session.execute(delete(_SP))
    await session.execute(
        insert(_SP).from_select(
            ["student_id", "subject_id", "assigned", "progress_total"], _contribution(1)
        )
    )


def _contribution(sign: int, *where: Any) -> Any:
    """Per student and subject: the number of assigned active materials and the sum of the
    student's progress on them, times ``sign``."""
    return (
        select(
            _MA.student_id,
            MaterialModel.subject_id,
            func.count() * literal(sign),
            func.sum(func.coalesce(_MP.progress_percentage, 0)) * literal(sign),
        )
        .join(
            MaterialModel,
            and_(MaterialModel.id == _MA.material_id, MaterialModel.status == "active"),
        )
        .outerjoin(_MP, and_(_MP.material_id == _MA.material_id, _MP.student_id == _MA.student_id))
        .where(*where)
        .group_by(_MA.student_id, MaterialModel.subject_id)
    )
