"""Progress reports: a teacher writes to a student's tutor and/or parent, a tutor to the parent.

Drafts belong to their author alone; sending fixes the content and delivers it to the
recipients, who mark it read. The student reads sent reports about themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.learning.ports import EnrollmentRepository, SubjectRepository
from thebot.domain.notifications import notices
from thebot.domain.notifications.services import Notifier
from thebot.domain.people.ports import PeopleRepository
from thebot.domain.profiles.entities import StudentProfile
from thebot.domain.shared.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import Clock

TEXT_FIELDS = ("summary", "achievements", "concerns", "recommendations")
MAX_TEXT = 20_000
MAX_PERIOD = timedelta(days=366)


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"


class RecipientKind(StrEnum):
    TUTOR = "tutor"
    PARENT = "parent"


class Recipient(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    name: str
    role: Role
    read_at: datetime | None


class Report(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    author_id: UUID
    author_name: str
    author_role: Role
    student_id: UUID
    student_name: str
    subject_id: UUID | None
    subject_name: str | None
    period_start: date
    period_end: date
    title: str
    summary: str | None
    achievements: str | None
    concerns: str | None
    recommendations: str | None
    progress_percentage: int | None
    attendance_percentage: int | None
    status: ReportStatus
    sent_at: datetime | None
    created_at: datetime
    updated_at: datetime
    recipients: tuple[Recipient, ...]


class ReportQuery(msgspec.Struct, frozen=True, kw_only=True):
    student_id: UUID | None = None
    subject_id: UUID | None = None
    status: ReportStatus | None = None
    unread: bool | None = None
    period_from: date | None = None
    period_to: date | None = None
    # Set by the service from the caller: which reports exist for them.
    viewer_id: UUID | None = None
    viewer_role: Role | None = None


class ReportPage(msgspec.Struct, frozen=True, kw_only=True):
    page: Page[Report]
    unread_count: int


class ReportRepository(Protocol):
    async def add(
        self, author_id: UUID, values: Mapping[str, Any], recipient_ids: list[UUID]
    ) -> Report: ...

    async def get(self, report_id: UUID) -> Report:
        """The report with its recipients; raises ``NotFound``."""
        ...

    async def find(self, query: ReportQuery, page: PageRequest) -> ReportPage:
        """Reports the viewer may see, with the viewer's unread count, in fixed statements."""
        ...

    async def update(
        self, report_id: UUID, values: Mapping[str, Any], recipient_ids: list[UUID] | None
    ) -> Report: ...

    async def delete(self, report_id: UUID) -> None: ...

    async def mark_read(self, report_id: UUID, recipient_id: UUID, at: datetime) -> None:
        """Set read_at if it is not set yet."""
        ...


class ReportService:
    def __init__(
        self,
        *,
        reports: ReportRepository,
        enrollments: EnrollmentRepository,
        subjects: SubjectRepository,
        people: PeopleRepository,
        notifier: Notifier,
        clock: Clock,
    ) -> None:
        self._reports = reports
        self._enrollments = enrollments
        self._subjects = subjects
        self._people = people
        self._notifier = notifier
        self._clock = clock

    async def list_reports(
        self, actor: Principal, query: ReportQuery, page: PageRequest
    ) -> ReportPage:
        fields = {f: getattr(query, f) for f in query.__struct_fields__}
        fields.update(viewer_id=actor.id, viewer_role=actor.role)
        return await self._reports.find(ReportQuery(**fields), page)

    async def get(self, actor: Principal, report_id: UUID) -> Report:
        report = await self._reports.get(report_id)
        if not _may_read(actor, report):
            raise NotFound("Report not found.")
        return report

    async def create(self, actor: Principal, values: Mapping[str, Any], send: bool) -> Report:
        if actor.role not in (Role.TEACHER, Role.TUTOR):
            raise Forbidden("Reports are written by teachers and tutors.")
        cleaned = _clean(values, creating=True)
        recipients = await self._recipients(actor, cleaned, values.get("recipients"))
        if send:
            cleaned.update(status=ReportStatus.SENT.value, sent_at=self._clock.now())
        report = await self._reports.add(actor.id, cleaned, recipients)
        if send:
            await self._tell_sent(actor, report)
        return report

    async def update(self, actor: Principal, report_id: UUID, values: Mapping[str, Any]) -> Report:
        report = await self._own_draft(actor, report_id)
        cleaned = _clean({**_values_of(report), **values}, creating=True)
        if "student_id" in values and values["student_id"] != report.student_id:
            raise Invalid.field("student_id", "a report stays about the same student")
        recipients = None
        if "recipients" in values or "subject_id" in values:
            recipients = await self._recipients(
                actor, cleaned, values.get("recipients", _kinds(report))
            )
        changed = {k: v for k, v in cleaned.items() if k in values}
        return await self._reports.update(report_id, changed, recipients)

    async def send(self, actor: Principal, report_id: UUID) -> Report:
        report = await self._own_draft(actor, report_id)
        if not report.recipients:
            raise Invalid.field("recipients", "the report has nobody to go to")
        sent = await self._reports.update(
            report_id, {"status": ReportStatus.SENT.value, "sent_at": self._clock.now()}, None
        )
        await self._tell_sent(actor, sent)
        return sent

    async def delete(self, actor: Principal, report_id: UUID) -> None:
        await self._own_draft(actor, report_id)
        await self._reports.delete(report_id)

    async def mark_read(self, actor: Principal, report_id: UUID) -> Report:
        report = await self.get(actor, report_id)
        if not any(r.user_id == actor.id for r in report.recipients):
            raise Forbidden("Only the report's recipients mark it read.")
        await self._reports.mark_read(report_id, actor.id, self._clock.now())
        # Reading the report is reading its notification too.
        await self._notifier.settle(actor.id, notices.report_link(report_id))
        return await self._reports.get(report_id)

    # ----- rules ---------------------------------------------------------------------------

    async def _tell_sent(self, actor: Principal, report: Report) -> None:
        notice = notices.report_received(
            report_id=report.id,
            title=report.title,
            author=report.author_name,
            student=report.student_name,
            subject=report.subject_name,
        )
        recipients = [r.user_id for r in report.recipients]
        await self._notifier.notify(recipients, notice, except_user=actor.id)

    async def _own_draft(self, actor: Principal, report_id: UUID) -> Report:
        report = await self.get(actor, report_id)
        if report.author_id != actor.id:
            raise Forbidden("Only the author changes a report.")
        if report.status is not ReportStatus.DRAFT:
            raise Conflict("A sent report cannot be changed.")
        return report

    async def _recipients(
        self, actor: Principal, cleaned: Mapping[str, Any], kinds: Any
    ) -> list[UUID]:
        """Who receives it: a teacher writes about an enrolled student to the tutor and/or the
        parent; a tutor writes about their own student to the parent."""
        student_id: UUID = cleaned["student_id"]
        try:
            account = await self._people.get_account(student_id)
        except NotFound:
            account = None
        profile = account.profile if account else None
        if not isinstance(profile, StudentProfile):
            raise Invalid.field("student_id", "no such student of yours")
        subject_id = cleaned.get("subject_id")
        if subject_id is not None:
            try:
                await self._subjects.get(subject_id)
            except NotFound as exc:
                raise Invalid.field("subject_id", "no such subject") from exc
        if actor.role is Role.TEACHER:
            if student_id not in await self._enrollments.enrolled_students(actor.id, [student_id]):
                raise Invalid.field("student_id", "no such student of yours")
            taught = await self._enrollments.enrolled_students(actor.id, [student_id], subject_id)
            if subject_id is not None and student_id not in taught:
                raise Invalid.field("subject_id", "you do not teach this student this subject")
            allowed = {RecipientKind.TUTOR, RecipientKind.PARENT}
        else:
            if profile.tutor_id != actor.id:
                raise Invalid.field("student_id", "no such student of yours")
            allowed = {RecipientKind.PARENT}
        wanted = _recipient_kinds(kinds, allowed)
        links = {RecipientKind.TUTOR: profile.tutor_id, RecipientKind.PARENT: profile.parent_id}
        missing = [kind for kind in wanted if links[kind] is None]
        if missing:
            raise Invalid.field(
                "recipients", f"the student has no {' or '.join(k.value for k in missing)}"
            )
        return [links[kind] for kind in wanted if links[kind] is not None]  # type: ignore[misc]


def _recipient_kinds(kinds: Any, allowed: set[RecipientKind]) -> list[RecipientKind]:
    if kinds is None:
        return sorted(allowed)
    try:
        wanted = [RecipientKind(kind) for kind in kinds]
    except (ValueError, TypeError) as exc:
        raise Invalid.field("recipients", "must name 'tutor' and/or 'parent'") from exc
    if not wanted:
        raise Invalid.field("recipients", "name at least one recipient")
    refused = [k for k in wanted if k not in allowed]
    if refused:
        raise Invalid.field("recipients", "a tutor's reports go to the parent")
    return sorted(set(wanted))


def _may_read(actor: Principal, report: Report) -> bool:
    if report.author_id == actor.id:
        return True
    if report.status is ReportStatus.DRAFT:
        return False
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.STUDENT:
        return report.student_id == actor.id
    return any(r.user_id == actor.id for r in report.recipients)


def _kinds(report: Report) -> list[str]:
    return [r.role.value for r in report.recipients]


def _values_of(report: Report) -> dict[str, Any]:
    return {
        "student_id": report.student_id,
        "subject_id": report.subject_id,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "title": report.title,
        "progress_percentage": report.progress_percentage,
        "attendance_percentage": report.attendance_percentage,
        **{name: getattr(report, name) for name in TEXT_FIELDS},
    }


def _clean(values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    known = {
        "student_id",
        "subject_id",
        "period_start",
        "period_end",
        "title",
        "recipients",
        "progress_percentage",
        "attendance_percentage",
        *TEXT_FIELDS,
    }
    errors += [
        FieldError(name, "is not a field of a report") for name in values if name not in known
    ]
    title = (values.get("title") or "").strip()
    if not 1 <= len(title) <= 200:
        errors.append(FieldError("title", "must be 1 to 200 characters"))
    cleaned["title"] = title
    for name in TEXT_FIELDS:
        text = (values.get(name) or "").strip() or None
        if text and len(text) > MAX_TEXT:
            errors.append(FieldError(name, f"must be at most {MAX_TEXT} characters"))
        cleaned[name] = text
    for name in ("progress_percentage", "attendance_percentage"):
        number = values.get(name)
        if number is not None and (
            isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 100
        ):
            errors.append(FieldError(name, "must be a whole number from 0 to 100"))
        cleaned[name] = number
    start, end = values.get("period_start"), values.get("period_end")
    if not isinstance(start, date) or not isinstance(end, date):
        errors.append(FieldError("period_start", "the period needs a start and an end date"))
    elif start > end:
        errors.append(FieldError("period_end", "must not be before the start"))
    elif end - start > MAX_PERIOD:
        errors.append(FieldError("period_end", "a report covers at most a year"))
    cleaned.update(period_start=start, period_end=end)
    cleaned["student_id"] = values.get("student_id")
    cleaned["subject_id"] = values.get("subject_id")
    if errors:
        raise Invalid("Some fields are not valid.", errors)
    return cleaned
