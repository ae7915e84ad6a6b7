"""Progress reports about one student, and who receives them."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from advanced_alchemy.base import DefaultBase, UUIDv7AuditBase
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class ReportModel(UUIDv7AuditBase):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'sent')", name="status_known"),
        CheckConstraint("period_start <= period_end", name="period_order"),
        CheckConstraint(
            "progress_percentage IS NULL OR progress_percentage BETWEEN 0 AND 100",
            name="progress_range",
        ),
        CheckConstraint(
            "attendance_percentage IS NULL OR attendance_percentage BETWEEN 0 AND 100",
            name="attendance_range",
        ),
        Index("ix_reports_author_status", "author_id", "status"),
    )

    author_id: Mapped[UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    student_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    subject_id: Mapped[UUID | None] = mapped_column(
        GUID, ForeignKey("subjects.id", ondelete="SET NULL"), default=None
    )
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text, default=None)
    achievements: Mapped[str | None] = mapped_column(Text, default=None)
    concerns: Mapped[str | None] = mapped_column(Text, default=None)
    recommendations: Mapped[str | None] = mapped_column(Text, default=None)
    progress_percentage: Mapped[int | None] = mapped_column(Integer, default=None)
    attendance_percentage: Mapped[int | None] = mapped_column(Integer, default=None)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    sent_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class ReportRecipientModel(DefaultBase):
    __tablename__ = "report_recipients"
    __table_args__ = (Index("ix_report_recipients_recipient_read", "recipient_id", "read_at"),)

    report_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    recipient_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    read_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
