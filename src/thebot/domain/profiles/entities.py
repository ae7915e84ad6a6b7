"""The profile of each role, and an account: a user with its profile."""

from __future__ import annotations

from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import User


class StudentProfile(msgspec.Struct, frozen=True, kw_only=True):
    grade: int | None = None
    goal: str | None = None
    tutor_id: UUID | None = None
    parent_id: UUID | None = None
    telegram: str | None = None
    staff_notes: str | None = None


class TeacherProfile(msgspec.Struct, frozen=True, kw_only=True):
    bio: str | None = None
    experience_years: int | None = None
    telegram: str | None = None
    subject_ids: tuple[UUID, ...] = ()


class TutorProfile(msgspec.Struct, frozen=True, kw_only=True):
    specialization: str = ""
    bio: str | None = None
    experience_years: int | None = None
    telegram: str | None = None


class ParentProfile(msgspec.Struct, frozen=True, kw_only=True):
    telegram: str | None = None
    notify_by_telegram: bool = False
    notify_by_email: bool = False


Profile = StudentProfile | TeacherProfile | TutorProfile | ParentProfile


class Account(msgspec.Struct, frozen=True, kw_only=True):
    """A user and the profile of its role (administrators have none)."""

    user: User
    profile: Profile | None
