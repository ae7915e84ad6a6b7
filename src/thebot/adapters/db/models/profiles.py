"""One profile table per role; the primary key is the user's id (exactly one each)."""

from __future__ import annotations

from uuid import UUID

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import GUID
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


def _owner() -> Mapped[UUID]:
    return mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class StudentProfileModel(DefaultBase):
    __tablename__ = "student_profiles"
    __table_args__ = (CheckConstraint("grade BETWEEN 1 AND 11", name="grade_range"),)

    user_id: Mapped[UUID] = _owner()
    grade: Mapped[int | None] = mapped_column(Integer, default=None)
    goal: Mapped[str | None] = mapped_column(Text, default=None)
    tutor_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    parent_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    telegram: Mapped[str | None] = mapped_column(String(32), default=None)
    staff_notes: Mapped[str | None] = mapped_column(Text, default=None)


class TeacherProfileModel(DefaultBase):
    __tablename__ = "teacher_profiles"
    __table_args__ = (
        CheckConstraint("experience_years BETWEEN 0 AND 80", name="experience_range"),
    )

    user_id: Mapped[UUID] = _owner()
    bio: Mapped[str | None] = mapped_column(Text, default=None)
    experience_years: Mapped[int | None] = mapped_column(Integer, default=None)
    telegram: Mapped[str | None] = mapped_column(String(32), default=None)


class TutorProfileModel(DefaultBase):
    __tablename__ = "tutor_profiles"
    __table_args__ = (
        CheckConstraint("experience_years BETWEEN 0 AND 80", name="experience_range"),
    )

    user_id: Mapped[UUID] = _owner()
    specialization: Mapped[str] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text, default=None)
    experience_years: Mapped[int | None] = mapped_column(Integer, default=None)
    telegram: Mapped[str | None] = mapped_column(String(32), default=None)


class ParentProfileModel(DefaultBase):
    __tablename__ = "parent_profiles"

    user_id: Mapped[UUID] = _owner()
    telegram: Mapped[str | None] = mapped_column(String(32), default=None)
    notify_by_telegram: Mapped[bool] = mapped_column(Boolean, default=False)
    notify_by_email: Mapped[bool] = mapped_column(Boolean, default=False)
