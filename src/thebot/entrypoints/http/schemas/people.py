"""Accounts, profiles, people management and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from thebot.domain.accounts.entities import Role, User
from thebot.domain.audit.entities import AuditEntry
from thebot.domain.people.entities import CreatedAccount, Credentials
from thebot.domain.profiles.entities import (
    Account,
    ParentProfile,
    StudentProfile,
    TeacherProfile,
    TutorProfile,
)
from thebot.entrypoints.http.schemas.base import RequestBody, ResponseBody

MediaUrl = Callable[[str], str]
Name = Annotated[str, msgspec.Meta(max_length=100)]
ShortText = Annotated[str, msgspec.Meta(max_length=4000)]
Email = Annotated[str, msgspec.Meta(max_length=254)]
Phone = Annotated[str, msgspec.Meta(max_length=32)]
Handle = Annotated[str, msgspec.Meta(max_length=64)]


# ----- responses ---------------------------------------------------------------------------


class UserOut(ResponseBody):
    id: UUID
    email: str
    first_name: str
    last_name: str
    full_name: str
    phone: str | None
    role: Role
    is_active: bool
    must_change_password: bool
    avatar_url: str | None
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, user: User, media_url: MediaUrl) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            full_name=user.full_name,
            phone=user.phone,
            role=user.role,
            is_active=user.is_active,
            must_change_password=user.must_change_password,
            avatar_url=media_url(user.avatar_key) if user.avatar_key else None,
            last_login_at=user.last_login_at,
            created_at=user.created_at,
            updated_at=user.updated_at,
        )


class StudentProfileOut(ResponseBody, tag_field="role", tag="student"):
    grade: int | None
    goal: str | None
    tutor_id: UUID | None
    parent_id: UUID | None
    telegram: str | None
    # Staff only: absent from what students and parents receive.
    staff_notes: str | UnsetType | None = UNSET


class TeacherProfileOut(ResponseBody, tag_field="role", tag="teacher"):
    bio: str | None
    experience_years: int | None
    telegram: str | None
    subject_ids: list[UUID]


class TutorProfileOut(ResponseBody, tag_field="role", tag="tutor"):
    specialization: str
    bio: str | None
    experience_years: int | None
    telegram: str | None


class ParentProfileOut(ResponseBody, tag_field="role", tag="parent"):
    telegram: str | None
    notify_by_telegram: bool
    notify_by_email: bool


ProfileOut = StudentProfileOut | TeacherProfileOut | TutorProfileOut | ParentProfileOut


def profile_out(account: Account, *, staff_view: bool) -> ProfileOut | None:
    profile = account.profile
    if isinstance(profile, StudentProfile):
        return StudentProfileOut(
            grade=profile.grade,
            goal=profile.goal,
            tutor_id=profile.tutor_id,
            parent_id=profile.parent_id,
            telegram=profile.telegram,
            staff_notes=profile.staff_notes if staff_view else UNSET,
        )
    if isinstance(profile, TeacherProfile):
        return TeacherProfileOut(
            bio=profile.bio,
            experience_years=profile.experience_years,
            telegram=profile.telegram,
            subject_ids=list(profile.subject_ids),
        )
    if isinstance(profile, TutorProfile):
        return TutorProfileOut(
            specialization=profile.specialization,
            bio=profile.bio,
            experience_years=profile.experience_years,
            telegram=profile.telegram,
        )
    if isinstance(profile, ParentProfile):
        return ParentProfileOut(
            telegram=profile.telegram,
            notify_by_telegram=profile.notify_by_telegram,
            notify_by_email=profile.notify_by_email,
        )
    return None


class AccountOut(ResponseBody):
    """A user and the profile of its role (null for administrators)."""

    user: UserOut
    profile: ProfileOut | None

    @classmethod
    def of(cls, account: Account, media_url: MediaUrl, *, staff_view: bool) -> AccountOut:
        return cls(
            user=UserOut.of(account.user, media_url),
            profile=profile_out(account, staff_view=staff_view),
        )


class CredentialsOut(ResponseBody):
    """One-time credentials: shown in this response only."""

    login: str
    password: str

    @classmethod
    def of(cls, credentials: Credentials) -> CredentialsOut:
        return cls(login=credentials.login, password=credentials.password)


class CreatedAccountOut(ResponseBody):
    user: UserOut
    profile: ProfileOut | None
    credentials: CredentialsOut

    @classmethod
    def of(cls, created: CreatedAccount, media_url: MediaUrl) -> CreatedAccountOut:
        return cls(
            user=UserOut.of(created.account.user, media_url),
            profile=profile_out(created.account, staff_view=True),
            credentials=CredentialsOut.of(created.credentials),
        )


class FamilyOut(ResponseBody):
    student: CreatedAccountOut
    parent: AccountOut
    parent_credentials: CredentialsOut | None


class AccountPage(ResponseBody):
    items: list[AccountOut]
    total: int
    limit: int
    offset: int


class AvatarOut(ResponseBody):
    avatar_url: str


class RelatedUserOut(ResponseBody):
    """The public card of someone related to the viewer."""

    id: UUID
    role: Role
    first_name: str
    last_name: str
    full_name: str
    avatar_url: str | None
    relation: str


class AuditEntryOut(ResponseBody):
    id: UUID
    actor_id: UUID | None
    actor_name: str | None
    action: str
    target_id: UUID | None
    target_name: str | None
    changes: dict[str, Any]
    created_at: datetime

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls(**msgspec.structs.asdict(entry))


class AuditPage(ResponseBody):
    items: list[AuditEntryOut]
    total: int
    limit: int
    offset: int


# ----- requests ----------------------------------------------------------------------------


class OwnProfileUpdate(RequestBody):
    """Fields one may change about oneself; which apply depends on one's role."""

    first_name: Name | UnsetType = UNSET
    last_name: Name | UnsetType = UNSET
    phone: Phone | UnsetType | None = UNSET
    grade: int | UnsetType | None = UNSET
    goal: ShortText | UnsetType | None = UNSET
    telegram: Handle | UnsetType | None = UNSET
    bio: ShortText | UnsetType | None = UNSET
    experience_years: int | UnsetType | None = UNSET
    specialization: Annotated[str, msgspec.Meta(max_length=200)] | UnsetType = UNSET
    notify_by_telegram: bool | UnsetType = UNSET
    notify_by_email: bool | UnsetType = UNSET
    # Named so that a request trying to change them is refused by name, not as unknown.
    email: Email | UnsetType = UNSET
    role: str | UnsetType = UNSET
    tutor_id: UUID | UnsetType | None = UNSET
    parent_id: UUID | UnsetType | None = UNSET
    staff_notes: ShortText | UnsetType | None = UNSET
    is_active: bool | UnsetType = UNSET


class UserUpdate(RequestBody):
    """Fields staff may change; which apply depends on the account's role."""

    email: Email | UnsetType = UNSET
    first_name: Name | UnsetType = UNSET
    last_name: Name | UnsetType = UNSET
    phone: Phone | UnsetType | None = UNSET
    grade: int | UnsetType | None = UNSET
    goal: ShortText | UnsetType | None = UNSET
    tutor_id: UUID | UnsetType | None = UNSET
    parent_id: UUID | UnsetType | None = UNSET
    telegram: Handle | UnsetType | None = UNSET
    staff_notes: ShortText | UnsetType | None = UNSET
    bio: ShortText | UnsetType | None = UNSET
    experience_years: int | UnsetType | None = UNSET
    specialization: Annotated[str, msgspec.Meta(max_length=200)] | UnsetType = UNSET
    notify_by_telegram: bool | UnsetType = UNSET
    notify_by_email: bool | UnsetType = UNSET
    # Named so that changing them here is refused by name: they have their own endpoints.
    role: str | UnsetType = UNSET
    is_active: bool | UnsetType = UNSET


class UserCreate(UserUpdate, kw_only=True):
    """A new account of any role with its profile fields; without a password one is generated."""

    role: Role  # type: ignore[assignment]
    password: Annotated[str, msgspec.Meta(max_length=1024)] | UnsetType = UNSET


class NewStudent(UserUpdate, kw_only=True):
    password: Annotated[str, msgspec.Meta(max_length=1024)] | UnsetType = UNSET


class NewParent(UserUpdate, kw_only=True):
    password: Annotated[str, msgspec.Meta(max_length=1024)] | UnsetType = UNSET


class FamilyCreate(RequestBody):
    """A student with a new parent (``parent``) or an existing one (``parent_id``)."""

    student: NewStudent
    parent: NewParent | UnsetType = UNSET
    parent_id: UUID | UnsetType = UNSET


class ChildrenAssignment(RequestBody):
    student_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=100)]


class TutorAssignment(RequestBody):
    tutor_id: UUID


class TeacherSubjects(RequestBody):
    subject_ids: Annotated[list[UUID], msgspec.Meta(max_length=50)]


def given(body: msgspec.Struct, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields the client actually sent."""
    return {
        name: getattr(body, name)
        for name in body.__struct_fields__
        if getattr(body, name) is not UNSET and name not in leave_out
    }
