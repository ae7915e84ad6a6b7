"""Removing the demo school (``thebot seed demo --reset``).

The one part of the demo done in SQL: no service deletes a whole school, and some links are
RESTRICT (payments → payer and enrollment, enrollments → teacher), so the rows go in an order
that respects them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, exists, func, or_, select, union

from thebot.adapters.db.models import metadata
from thebot.bootstrap import Container
from thebot.entrypoints.seeds import demo_school as plan


async def reset_demo(container: Container) -> int:
    """Remove every demo account and everything that hangs on it, and the subjects the demo
    created when nothing else uses them. Returns how many accounts were removed.

    In SQL on purpose (no service deletes a school): first what points at the demo through
    RESTRICT links or outlives people by design (the audit trail, payments, enrollments, files),
    then the accounts, whose CASCADE links take the rest (profiles, sessions, lessons,
    materials, homework, submissions, reports, rooms and messages, progress).
    """
    t = metadata.tables
    users, enrollments, payments = t["users"], t["enrollments"], t["payments"]
    rooms, messages, files = t["chat_rooms"], t["chat_messages"], t["stored_files"]
    audit, subjects = t["audit_entries"], t["subjects"]
    demo_users = select(users.c.id).where(users.c.email.like(f"%@{plan.DOMAIN}"))
    demo_enrollments = select(enrollments.c.id).where(
        or_(enrollments.c.student_id.in_(demo_users), enrollments.c.teacher_id.in_(demo_users))
    )
    demo_payments = select(payments.c.id).where(
        or_(payments.c.payer_id.in_(demo_users), payments.c.enrollment_id.in_(demo_enrollments))
    )
    async with container.unit_of_work() as uow:
        session = uow.session
        removed = int(
            await session.scalar(select(func.count()).select_from(demo_users.subquery())) or 0
        )
        keys = list(
            await session.scalars(select(files.c.key).where(files.c.uploaded_by_id.in_(demo_users)))
        )
        keys += [
            key
            for key in await session.scalars(
                select(users.c.avatar_key).where(
                    users.c.id.in_(demo_users), users.c.avatar_key.is_not(None)
                )
            )
            if key
        ]
        demo_rooms = select(rooms.c.id).where(
            or_(rooms.c.enrollment_id.in_(demo_enrollments), rooms.c.student_id.in_(demo_users))
        )
        demo_messages = select(messages.c.id).where(messages.c.room_id.in_(demo_rooms))
        outbox = t["pachca_outbox"]
        await session.execute(delete(outbox).where(outbox.c.message_id.in_(demo_messages)))
        targets = union(demo_users, demo_enrollments, demo_payments)
        await session.execute(
            delete(audit).where(
                or_(audit.c.actor_id.in_(demo_users), audit.c.target_id.in_(targets))
            )
        )
        await session.execute(delete(payments).where(payments.c.id.in_(demo_payments)))
        await session.execute(delete(enrollments).where(enrollments.c.id.in_(demo_enrollments)))
        await session.execute(delete(files).where(files.c.uploaded_by_id.in_(demo_users)))
        await session.execute(delete(users).where(users.c.id.in_(demo_users)))
        await session.execute(
            delete(subjects).where(
                subjects.c.description.like(f"% {plan.SUBJECT_MARK}"),
                *(~_used_by(t[name], subjects.c.id) for name in _SUBJECT_USERS),
            )
        )
        await uow.commit()
    for key in keys:
        await container.storage.delete(key)
    return removed


# Tables whose rows keep a subject in use (teacher_subjects of demo teachers are gone by now).
_SUBJECT_USERS = (
    "enrollments",
    "materials",
    "assignments",
    "lessons",
    "teacher_subjects",
    "reports",
    "chat_rooms",
    "subject_progress",
    "study_plans",
)


def _used_by(table: Any, subject_id: Any) -> Any:
    return exists().where(table.c.subject_id == subject_id)
