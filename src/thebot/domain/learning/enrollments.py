"""Enrollments: a student learning a subject with a teacher, set up by the office or the tutor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.audit.entities import NewAuditEntry
from thebot.domain.audit.ports import AuditLog
from thebot.domain.learning.entities import (
    Enrollment,
    EnrollmentQuery,
    EnrollmentStatus,
    NewEnrollment,
)
from thebot.domain.learning.ports import EnrollmentHook, EnrollmentRepository, SubjectRepository
from thebot.domain.notifications import notices
from thebot.domain.notifications.services import Notifier
from thebot.domain.people.ports import PeopleRepository
from thebot.domain.profiles.entities import StudentProfile
from thebot.domain.shared.errors import (
    Conflict,
    FieldError,
    Forbidden,
    Invalid,
    NotFound,
)
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import Clock

MAX_PRICE = Decimal("1000000")


def visibility(actor: Principal, query: EnrollmentQuery) -> EnrollmentQuery:
    """Narrow a query to what the actor may know exists."""
    narrowed = {
        Role.STUDENT: {"visible_to_student": actor.id},
        Role.TEACHER: {"visible_to_teacher": actor.id},
        Role.TUTOR: {"visible_to_tutor": actor.id},
        Role.PARENT: {"visible_to_parent": actor.id},
        Role.ADMIN: {},
    }[actor.role]
    fields = {f: getattr(query, f) for f in query.__struct_fields__}
    return EnrollmentQuery(**{**fields, **narrowed})


def _money(value: Any, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise Invalid.field(field, "must be an amount like 2500.00") from exc
    if (
        not amount.is_finite()
        or amount < 0
        or amount > MAX_PRICE
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise Invalid.field(field, "must be an amount from 0 to 1000000 with at most 2 decimals")
    return amount.quantize(Decimal("0.01"))


def _weeks(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 52:
        raise Invalid.field("period_weeks", "must be a whole number of weeks from 1 to 52")
    return value


def _custom_name(value: Any) -> str | None:
    if value is None:
        return None
    name = str(value).strip()
    if len(name) > 150:
        raise Invalid.field("custom_subject_name", "must be at most 150 characters")
    return name or None


class EnrollmentService:
    def __init__(
        self,
        *,
        enrollments: EnrollmentRepository,
        subjects: SubjectRepository,
        people: PeopleRepository,
        audit: AuditLog,
        notifier: Notifier,
        clock: Clock,
        hooks: Sequence[EnrollmentHook] = (),
    ) -> None:
        self._enrollments = enrollments
        self._subjects = subjects
        self._people = people
        self._audit = audit
        self._notifier = notifier
        self._clock = clock
        self._hooks = tuple(hooks)

    async def list_enrollments(
        self, actor: Principal, query: EnrollmentQuery, page: PageRequest
    ) -> Page[Enrollment]:
        return await self._enrollments.find(visibility(actor, query), page)

    async def get(self, actor: Principal, enrollment_id: UUID) -> Enrollment:
        enrollment = await self._enrollments.get(enrollment_id)
        if not await self._may_see(actor, enrollment):
            raise NotFound("Enrollment not found.")
        return enrollment

    async def enroll(self, actor: Principal, values: Mapping[str, Any]) -> Enrollment:
        if actor.role not in (Role.ADMIN, Role.TUTOR):
            raise Forbidden("Enrollments are made by the school office or the student's tutor.")
        if actor.role is Role.TUTOR and "price_per_period" in values:
            raise Invalid.field("price_per_period", "only the school office sets prices")
        student, family = await self._student(actor, values["student_id"])
        teacher = await self._account_of_role(values["teacher_id"], Role.TEACHER, "teacher_id")
        try:
            subject = await self._subjects.get(values["subject_id"])
        except NotFound as exc:
            raise Invalid.field("subject_id", "no such subject") from exc
        if not await self._enrollments.teaches(teacher, subject.id):
            raise Invalid.field(
                "teacher_id", f"this teacher does not teach {subject.name}; pick one who does"
            )
        enrollment = await self._enrollments.add(
            NewEnrollment(
                student_id=student,
                subject_id=subject.id,
                teacher_id=teacher,
                custom_subject_name=_custom_name(values.get("custom_subject_name")),
                assigned_by_id=actor.id,
                started_at=self._clock.now(),
                price_per_period=_money(values.get("price_per_period"), "price_per_period"),
                period_weeks=_weeks(values.get("period_weeks", 4)),
            )
        )
        for hook in self._hooks:
            await hook.enrolled(enrollment)
        await self._record(
            actor,
            "enrollment.created",
            enrollment.id,
            {
                "student_id": str(student),
                "subject_id": str(subject.id),
                "teacher_id": str(teacher),
            },
        )
        notice = notices.student_enrolled(
            enrollment_id=enrollment.id,
            subject=enrollment.display_name,
            student=enrollment.student_name,
            teacher=enrollment.teacher_name,
        )
        kin = (family.parent_id, family.tutor_id) if family else ()
        await self._notifier.notify([student, teacher, *kin], notice, except_user=actor.id)
        return enrollment

    async def update(
        self, actor: Principal, enrollment_id: UUID, values: Mapping[str, Any]
    ) -> Enrollment:
        enrollment = await self._manageable(actor, enrollment_id)
        allowed = {"custom_subject_name"}
        if actor.role is Role.ADMIN:
            allowed |= {"price_per_period", "period_weeks"}
        refused = [
            FieldError(f, "you may not change this field") for f in values if f not in allowed
        ]
        if refused:
            raise Invalid("Some fields may not be changed.", refused)
        changes: dict[str, Any] = {}
        if "custom_subject_name" in values:
            changes["custom_subject_name"] = _custom_name(values["custom_subject_name"])
        if "price_per_period" in values:
            changes["price_per_period"] = _money(values["price_per_period"], "price_per_period")
        if "period_weeks" in values:
            changes["period_weeks"] = _weeks(values["period_weeks"])
        updated = await self._enrollments.update(enrollment_id, changes)
        before = {k: getattr(enrollment, k) for k in changes}
        changed = {
            k: [
                str(before[k]) if before[k] is not None else None,
                str(v) if v is not None else None,
            ]
            for k, v in changes.items()
            if before[k] != v
        }
        if changed:
            await self._record(actor, "enrollment.updated", enrollment_id, changed)
        return updated

    async def end(self, actor: Principal, enrollment_id: UUID) -> Enrollment:
        """End the enrollment; it stays in history, with everything done in it."""
        enrollment = await self._manageable(actor, enrollment_id)
        if not enrollment.is_active:
            raise Conflict("The enrollment has already ended.")
        ended = await self._enrollments.update(
            enrollment_id, {"status": EnrollmentStatus.ENDED.value, "ended_at": self._clock.now()}
        )
        for hook in self._hooks:
            await hook.ended(ended)
        await self._record(
            actor, "enrollment.ended", enrollment_id, {"status": ["active", "ended"]}
        )
        return ended

    # ----- rules ---------------------------------------------------------------------------

    async def _may_see(self, actor: Principal, enrollment: Enrollment) -> bool:
        if actor.role is Role.ADMIN:
            return True
        if actor.role is Role.STUDENT:
            return enrollment.student_id == actor.id
        if actor.role is Role.TEACHER:
            return enrollment.teacher_id == actor.id
        profile = (await self._people.get_account(enrollment.student_id)).profile
        assert isinstance(profile, StudentProfile)
        if actor.role is Role.TUTOR:
            return profile.tutor_id == actor.id
        return profile.parent_id == actor.id

    async def _manageable(self, actor: Principal, enrollment_id: UUID) -> Enrollment:
        enrollment = await self.get(actor, enrollment_id)
        if actor.role not in (Role.ADMIN, Role.TUTOR):
            raise Forbidden("Enrollments are managed by the school office or the student's tutor.")
        return enrollment

    async def _student(
        self, actor: Principal, student_id: UUID
    ) -> tuple[UUID, StudentProfile | None]:
        """The student, with the profile naming their parent and tutor."""
        try:
            account = await self._people.get_account(student_id)
        except NotFound:
            account = None
        profile = account.profile if account else None
        visible = account is not None and (
            actor.role is Role.ADMIN
            or (isinstance(profile, StudentProfile) and profile.tutor_id == actor.id)
        )
        if account is None or not visible:
            raise Invalid.field("student_id", "no such student of yours")
        if account.user.role is not Role.STUDENT or not account.user.is_active:
            raise Invalid.field("student_id", "must be an active student")
        return account.user.id, profile if isinstance(profile, StudentProfile) else None

    async def _account_of_role(self, user_id: UUID, role: Role, field: str) -> UUID:
        try:
            account = await self._people.get_account(user_id)
        except NotFound as exc:
            raise Invalid.field(field, f"must be an active {role.value}") from exc
        if account.user.role is not role or not account.user.is_active:
            raise Invalid.field(field, f"must be an active {role.value}")
        return account.user.id

    async def _record(
        self, actor: Principal, action: str, target: UUID, changes: dict[str, Any]
    ) -> None:
        await self._audit.record(
            NewAuditEntry(
                actor_id=actor.id,
                action=action,
                target_id=target,
                changes=changes,
                at=self._clock.now(),
            )
        )
