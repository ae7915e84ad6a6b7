"""Notifications and the per-kind preferences of their recipients."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

import msgspec


class NotificationKind(StrEnum):
    """Every event that notifies someone. Nothing else creates a notification."""

    HOMEWORK_ASSIGNED = "homework_assigned"
    HOMEWORK_GRADED = "homework_graded"
    MATERIAL_PUBLISHED = "material_published"
    REPORT_RECEIVED = "report_received"
    STUDY_PLAN_SENT = "study_plan_sent"
    LESSON_CREATED = "lesson_created"
    LESSON_MOVED = "lesson_moved"
    LESSON_CANCELLED = "lesson_cancelled"
    PAYMENT_SUCCEEDED = "payment_succeeded"
    PAYMENT_FAILED = "payment_failed"
    STUDENT_ENROLLED = "student_enrolled"
    CHAT_MESSAGE = "chat_message"


class Notice(msgspec.Struct, frozen=True, kw_only=True):
    """What happened, told the same way to each recipient. ``link`` is a path in the web app
    (``/lessons/{id}``), never an absolute URL: the edge makes it absolute for its environment."""

    kind: NotificationKind
    title: str
    body: str
    link: str


class Notification(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    recipient_id: UUID
    kind: NotificationKind
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class Preference(msgspec.Struct, frozen=True, kw_only=True):
    """Whether a user receives one kind of notification (every kind is on until turned off)."""

    kind: NotificationKind
    enabled: bool


class NotificationList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Notification]
    total: int
    limit: int
    offset: int
    unread_count: int
