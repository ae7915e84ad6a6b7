"""People management by admins (everyone) and tutors (their students and those families)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from thebot.domain.accounts.entities import NewUser, Principal, Role
from thebot.domain.accounts.passwords import check_new_password, generate_password
from thebot.domain.accounts.ports import AttemptLog, PasswordHasher, SessionRepository
from thebot.domain.audit.entities import (
    AuditEntry,
    AuditQuery,
    NewAuditEntry,
    diff,
    without_secrets,
)
from thebot.domain.audit.ports import AuditLog
from thebot.domain.people.entities import (
    AccountDraft,
    AccountQuery,
    CreatedAccount,
    Credentials,
    OnboardedFamily,
)
from thebot.domain.people.ports import PeopleRepository, StudentLinksHook
from thebot.domain.profiles.entities import Account, StudentProfile
from thebot.domain.profiles.rules import (
    ADMIN_EDITABLE,
    REQUIRED_ON_CREATE,
    TUTOR_EDITABLE,
    clean_fields,
    split_changes,
)
from thebot.domain.shared.errors import (
    Conflict,
    FieldError,
    Forbidden,
    Invalid,
    NotFound,
    TooManyAttempts,
)
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import Clock

CREATIONS_PER_MINUTE = 30
STAFF = frozenset({Role.ADMIN, Role.TUTOR})
# A student's fields that the forum's rooms depend on (who is in them, and their titles).
LINKED_FIELDS = frozenset({"tutor_id", "parent_id", "first_name", "last_name"})


class PeopleService:
    """Every method takes the acting principal and enforces what that actor may do."""

    def __init__(
        self,
        *,
        people: PeopleRepository,
        sessions: SessionRepository,
        hasher: PasswordHasher,
        audit: AuditLog,
        attempts: AttemptLog,
        clock: Clock,
        creations_per_minute: int = CREATIONS_PER_MINUTE,
        link_hooks: Sequence[StudentLinksHook] = (),
    ) -> None:
        self._people = people
        self._sessions = sessions
        self._hasher = hasher
        self._audit = audit
        self._attempts = attempts
        self._clock = clock
        self._creations_per_minute = creations_per_minute
        self._link_hooks = tuple(link_hooks)

    # ----- reading ---------------------------------------------------------------------------

    async def list_accounts(
        self, actor: Principal, query: AccountQuery, page: PageRequest
    ) -> Page[Account]:
        _require(actor, STAFF)
        if actor.role is Role.TUTOR:
            query = AccountQuery(
                role=query.role,
                is_active=query.is_active,
                search=query.search,
                sort=query.sort,
                tutor_id=actor.id,
            )
        return await self._people.list_accounts(query, page)

    async def get(self, actor: Principal, user_id: UUID) -> Account:
        _require(actor, STAFF)
        return await self._visible(actor, user_id)

    async def audit_trail(
        self, actor: Principal, query: AuditQuery, page: PageRequest
    ) -> Page[AuditEntry]:
        _require(actor, {Role.ADMIN})
        return await self._audit.list(query, page)

    # ----- creating --------------------------------------------------------------------------

    async def create(self, actor: Principal, draft: AccountDraft) -> CreatedAccount:
        _require(actor, STAFF)
        if actor.role is Role.TUTOR and draft.role not in (Role.STUDENT, Role.PARENT):
            raise Forbidden("Tutors create students and parents only.")
        await self._count_creation(actor)
        return await self._create(actor, draft)

    async def onboard_family(
        self,
        actor: Principal,
        student: AccountDraft,
        parent: AccountDraft | None,
        parent_id: UUID | None,
    ) -> OnboardedFamily:
        """A student and their parent (new or existing) in one transaction."""
        _require(actor, STAFF)
        if (parent is None) == (parent_id is None):
            raise Invalid.field("parent", "give either a new parent or parent_id, not both")
        if "parent_id" in student.fields:
            raise Invalid.field("student.parent_id", "the family's parent is linked for you")
        await self._count_creation(actor)
        parent_credentials = None
        if parent is not None:
            await self._count_creation(actor)
            created_parent = await self._create(actor, parent, field_prefix="parent.")
            parent_account, parent_credentials = created_parent.account, created_parent.credentials
        else:
            assert parent_id is not None
            parent_account = await self._visible(actor, parent_id)
            if parent_account.user.role is not Role.PARENT or not parent_account.user.is_active:
                raise Invalid.field("parent_id", "must be an active parent")
        fields = {**student.fields, "parent_id": parent_account.user.id}
        created_student = await self._create(
            actor,
            AccountDraft(role=Role.STUDENT, fields=fields, password=student.password),
            field_prefix="student.",
        )
        return OnboardedFamily(
            student=created_student, parent=parent_account, parent_credentials=parent_credentials
        )

    async def _create(
        self, actor: Principal, draft: AccountDraft, *, field_prefix: str = ""
    ) -> CreatedAccount:
        allowed = (TUTOR_EDITABLE if actor.role is Role.TUTOR else ADMIN_EDITABLE).get(
            draft.role, frozenset()
        )
        if actor.role is Role.TUTOR and draft.role is Role.STUDENT:
            # A tutor's new student is that tutor's student.
            allowed = allowed | {"tutor_id"}
            if draft.fields.get("tutor_id", actor.id) != actor.id:
                raise _invalid(field_prefix + "tutor_id", "a tutor enrolls students to themselves")
        try:
            fields = clean_fields(
                draft.fields,
                allowed,
                required=REQUIRED_ON_CREATE[draft.role],
                refusal="is not a field of this role",
            )
        except Invalid as exc:
            raise _prefixed(exc, field_prefix) from exc
        if actor.role is Role.TUTOR and draft.role is Role.STUDENT:
            fields["tutor_id"] = actor.id
        await self._check_links(actor, fields, field_prefix)
        password = draft.password
        if password is None:
            password = generate_password()
        else:
            try:
                check_new_password(password, email=fields["email"])
            except Invalid as exc:
                raise _prefixed(exc, field_prefix) from exc
        user_fields, profile_fields = split_changes(fields)
        account = await self._people.create_account(
            NewUser(
                email=user_fields["email"],
                first_name=user_fields["first_name"],
                last_name=user_fields["last_name"],
                phone=user_fields.get("phone"),
                role=draft.role,
                password_hash=await self._hasher.hash(password),
                # Someone else knows this password: its owner must replace it.
                must_change_password=True,
                created_by_id=actor.id,
            ),
            profile_fields,
        )
        await self._record(
            actor, "user.created", account.user.id, {"role": draft.role.value, **_shown(fields)}
        )
        return CreatedAccount(
            account=account, credentials=Credentials(login=account.user.email, password=password)
        )

    # ----- changing --------------------------------------------------------------------------

    async def update(self, actor: Principal, user_id: UUID, changes: Mapping[str, Any]) -> Account:
        _require(actor, STAFF)
        account = await self._visible(actor, user_id)
        role = account.user.role
        editable = (TUTOR_EDITABLE if actor.role is Role.TUTOR else ADMIN_EDITABLE).get(
            role, frozenset()
        )
        fields = clean_fields(changes, editable, refusal=f"may not be changed for a {role.value}")
        await self._check_links(actor, fields, "")
        before = _current_values(account)
        user_changes, profile_changes = split_changes(fields)
        updated = await self._people.update_account(user_id, user_changes, profile_changes)
        changed = diff(before, _shown(fields))
        if changed:
            await self._record(actor, "user.updated", user_id, changed)
            if role is Role.STUDENT and LINKED_FIELDS & set(changed):
                await self._links_changed([user_id])
        return updated

    async def deactivate(self, actor: Principal, user_id: UUID) -> Account:
        _require(actor, {Role.ADMIN})
        if user_id == actor.id:
            raise Forbidden("You cannot deactivate your own account.")
        account = await self._people.get_account(user_id)
        if not account.user.is_active:
            return account
        await self._keep_an_admin(account)
        updated = await self._people.update_account(user_id, {"is_active": False}, {})
        await self._sessions.revoke_all(user_id, self._clock.now(), "account deactivated")
        await self._record(actor, "user.deactivated", user_id, {"is_active": [True, False]})
        return updated

    async def activate(self, actor: Principal, user_id: UUID) -> Account:
        _require(actor, {Role.ADMIN})
        account = await self._people.get_account(user_id)
        if account.user.is_active:
            raise Conflict("The account is already active.")
        updated = await self._people.update_account(user_id, {"is_active": True}, {})
        await self._record(actor, "user.activated", user_id, {"is_active": [False, True]})
        return updated

    async def delete(self, actor: Principal, user_id: UUID) -> None:
        """Delete permanently (deactivation is the everyday 'delete')."""
        _require(actor, {Role.ADMIN})
        if user_id == actor.id:
            raise Forbidden("You cannot delete your own account.")
        account = await self._people.get_account(user_id)
        await self._keep_an_admin(account)
        await self._people.delete_account(user_id)
        await self._record(
            actor,
            "user.deleted",
            user_id,
            {"email": account.user.email, "role": account.user.role.value},
        )

    async def reset_password(self, actor: Principal, user_id: UUID) -> CreatedAccount:
        _require(actor, STAFF)
        account = await self._visible(actor, user_id)
        if user_id == actor.id:
            raise Forbidden("Change your own password with your current one instead.")
        if not account.user.is_active:
            raise Conflict("The account is deactivated; reactivate it first.")
        password = generate_password()
        await self._people.update_account(
            user_id,
            {"password_hash": await self._hasher.hash(password), "must_change_password": True},
            {},
        )
        await self._sessions.revoke_all(user_id, self._clock.now(), "password reset")
        await self._record(actor, "user.password_reset", user_id, {})
        updated = await self._people.get_account(user_id)
        return CreatedAccount(
            account=updated, credentials=Credentials(login=updated.user.email, password=password)
        )

    # ----- links -----------------------------------------------------------------------------

    async def assign_parent(
        self, actor: Principal, parent_id: UUID, student_ids: Sequence[UUID]
    ) -> list[Account]:
        _require(actor, STAFF)
        if not student_ids:
            raise Invalid.field("student_ids", "name at least one student")
        parent = await self._visible(actor, parent_id)
        if parent.user.role is not Role.PARENT:
            raise NotFound("Parent not found.")
        if not parent.user.is_active:
            raise Conflict("The parent's account is deactivated.")
        wanted = list(dict.fromkeys(student_ids))
        # One read for all the students (and one for the tutor's right to them), not one each.
        if actor.role is Role.TUTOR:
            managed = await self._people.tutor_manages_all(actor.id, wanted)
            if len(managed) != len(wanted):
                raise NotFound("Student not found.")
        students = await self._people.get_accounts(wanted)
        if len(students) != len(wanted) or any(s.user.role is not Role.STUDENT for s in students):
            raise NotFound("Student not found.")
        moving = [s for s in students if _student(s).parent_id != parent_id]
        await self._people.set_parent([s.user.id for s in moving], parent_id)
        await self._links_changed([s.user.id for s in moving])
        now = self._clock.now()
        await self._audit.record_many(
            [
                NewAuditEntry(
                    actor_id=actor.id,
                    action="student.parent_assigned",
                    target_id=student.user.id,
                    changes={"parent_id": [_str(_student(student).parent_id), str(parent_id)]},
                    at=now,
                )
                for student in moving
            ]
        )
        order = {student_id: n for n, student_id in enumerate(wanted)}
        updated = await self._people.get_accounts(wanted)
        return sorted(updated, key=lambda account: order[account.user.id])

    async def assign_tutor(self, actor: Principal, student_id: UUID, tutor_id: UUID) -> Account:
        _require(actor, {Role.ADMIN})
        student = await self._people.get_account(student_id)
        if student.user.role is not Role.STUDENT:
            raise NotFound("Student not found.")
        await self._check_links(actor, {"tutor_id": tutor_id}, "")
        old = _student(student).tutor_id
        if old == tutor_id:
            return student
        updated = await self._people.update_account(student_id, {}, {"tutor_id": tutor_id})
        await self._links_changed([student_id])
        await self._record(
            actor, "student.tutor_assigned", student_id, {"tutor_id": [_str(old), str(tutor_id)]}
        )
        return updated

    async def set_teacher_subjects(
        self, actor: Principal, teacher_id: UUID, subject_ids: Sequence[UUID]
    ) -> Account:
        _require(actor, {Role.ADMIN})
        teacher = await self._people.get_account(teacher_id)
        if teacher.user.role is not Role.TEACHER:
            raise NotFound("Teacher not found.")
        wanted = list(dict.fromkeys(subject_ids))
        missing = set(wanted) - await self._people.existing_subjects(wanted)
        if missing:
            raise Invalid.field(
                "subject_ids", f"unknown subjects: {', '.join(sorted(map(str, missing)))}"
            )
        before = getattr(teacher.profile, "subject_ids", ())
        await self._people.set_teacher_subjects(teacher_id, wanted)
        if set(before) != set(wanted):
            await self._record(
                actor,
                "teacher.subjects_set",
                teacher_id,
                {"subject_ids": [sorted(map(str, before)), sorted(map(str, wanted))]},
            )
        return await self._people.get_account(teacher_id)

    # ----- rules shared by the commands ------------------------------------------------------

    async def _links_changed(self, student_ids: Sequence[UUID]) -> None:
        if student_ids:
            for hook in self._link_hooks:
                await hook.links_changed(student_ids)

    async def _visible(self, actor: Principal, user_id: UUID) -> Account:
        """The account if the actor may manage it; a tutor never learns of others' people."""
        if actor.role is Role.TUTOR and not await self._people.tutor_manages(actor.id, user_id):
            raise NotFound("User not found.")
        return await self._people.get_account(user_id)

    async def _check_links(self, actor: Principal, fields: Mapping[str, Any], prefix: str) -> None:
        for name, role in (("tutor_id", Role.TUTOR), ("parent_id", Role.PARENT)):
            linked = fields.get(name)
            if linked is None:
                continue
            try:
                target = await self._people.get_account(linked)
            except NotFound:
                target = None
            if target is None or target.user.role is not role or not target.user.is_active:
                raise _invalid(prefix + name, f"must be an active {role.value}")
            tutor_linking_a_stranger = (
                name == "parent_id"
                and actor.role is Role.TUTOR
                and not await self._people.tutor_manages(actor.id, linked)
            )
            if tutor_linking_a_stranger:
                raise _invalid(prefix + name, f"must be an active {role.value}")

    async def _keep_an_admin(self, account: Account) -> None:
        last_admin = (
            account.user.role is Role.ADMIN
            and account.user.is_active
            and await self._people.count_active_admins() <= 1
        )
        if last_admin:
            raise Conflict("The school needs at least one active administrator.")

    async def _count_creation(self, actor: Principal) -> None:
        key = f"user-creation:{actor.id}"
        now = self._clock.now().timestamp()
        recent = await self._attempts.recent(key, 60, now)
        if len(recent) >= self._creations_per_minute:
            raise TooManyAttempts(
                "Too many accounts created in a minute; wait a little.",
                int(recent[len(recent) - self._creations_per_minute] + 60 - now) + 1,
            )
        await self._attempts.add(key, 60, now)

    async def _record(
        self, actor: Principal, action: str, target_id: UUID, changes: dict[str, Any]
    ) -> None:
        await self._audit.record(
            NewAuditEntry(
                actor_id=actor.id,
                action=action,
                target_id=target_id,
                changes=without_secrets(changes),
                at=self._clock.now(),
            )
        )


def _require(actor: Principal, roles: frozenset[Role] | set[Role]) -> None:
    if actor.role not in roles:
        raise Forbidden("Your role may not do this.")


def _student(account: Account) -> StudentProfile:
    assert isinstance(account.profile, StudentProfile)
    return account.profile


def _str(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def _shown(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Field values as the audit trail keeps them (JSON-friendly)."""
    return {k: str(v) if isinstance(v, UUID) else v for k, v in fields.items()}


def _current_values(account: Account) -> dict[str, Any]:
    user = account.user
    values: dict[str, Any] = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
    }
    if account.profile is not None:
        for name in account.profile.__struct_fields__:
            values[name] = getattr(account.profile, name)
    return _shown(values)


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(f"{field}: {message}", [FieldError(field, message)])


def _prefixed(error: Invalid, prefix: str) -> Invalid:
    if not prefix:
        return error
    return Invalid(error.detail, [FieldError(prefix + e.field, e.message) for e in error.errors])
