"""Study plans: a teacher's plan for one student's week in one subject.

A draft belongs to its author alone. Sending fixes it and tells the student, the student's
tutor and parent, who may read it from then on; the office reads every sent plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.files.entities import StoredFile
from thebot.domain.files.services import FileService
from thebot.domain.learning.homework import Attachment
from thebot.domain.notifications import notices
from thebot.domain.notifications.services import Notifier
from thebot.domain.people.ports import PeopleRepository
from thebot.domain.profiles.entities import StudentProfile
from thebot.domain.shared.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import Clock

MAX_TITLE = 200
MAX_CONTENT = 20_000
MAX_FILES = 10
WEEK = timedelta(days=7)


class StudyPlanStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"


class StudyPlan(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    author_id: UUID
    author_name: str
    student_id: UUID
    student_name: str
    subject_id: UUID
    subject_name: str
    enrollment_id: UUID
    week_start: date
    title: str
    content: str
    status: StudyPlanStatus
    sent_at: datetime | None
    files: tuple[Attachment, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def week_end(self) -> date:
        """The Sunday closing the plan's week."""
        return self.week_start + timedelta(days=6)


class NewStudyPlan(msgspec.Struct, frozen=True, kw_only=True):
    author_id: UUID
    student_id: UUID
    subject_id: UUID
    enrollment_id: UUID
    week_start: date
    title: str
    content: str


class StudyPlanFilter(msgspec.Struct, frozen=True, kw_only=True):
    """``week_start`` picks one week; ``week_from``/``week_to`` keep plans whose week overlaps
    the range (a plan for the week of 1 December is in ``week_from=2026-12-03``)."""

    student_id: UUID | None = None
    subject_id: UUID | None = None
    week_start: date | None = None
    week_from: date | None = None
    week_to: date | None = None
    status: StudyPlanStatus | None = None


class StudyPlanScope(msgspec.Struct, frozen=True, kw_only=True):
    """Who is reading, which narrows what exists for them.

    A teacher knows the plans they wrote, drafts too; a student knows the sent plans for them;
    a tutor or parent the sent plans of their students or children. Nothing set is the office:
    every sent plan.
    """

    author_id: UUID | None = None
    student_id: UUID | None = None
    tutor_id: UUID | None = None
    parent_id: UUID | None = None


def scope_of(actor: Principal) -> StudyPlanScope:
    return {
        Role.TEACHER: StudyPlanScope(author_id=actor.id),
        Role.STUDENT: StudyPlanScope(student_id=actor.id),
        Role.TUTOR: StudyPlanScope(tutor_id=actor.id),
        Role.PARENT: StudyPlanScope(parent_id=actor.id),
        Role.ADMIN: StudyPlanScope(),
    }[actor.role]


class StudyPlanRepository(Protocol):
    """Study plans and their files. Reads take a scope and raise ``NotFound`` outside it;
    lists cost a fixed number of statements whatever the page holds."""

    async def active_enrollment(
        self, teacher_id: UUID, student_id: UUID, subject_id: UUID
    ) -> UUID | None:
        """The active enrollment of the student with the teacher in the subject, if any."""
        ...

    async def add(self, plan: NewStudyPlan) -> UUID:
        """Raises ``Conflict`` when the student has a plan in the subject for that week."""
        ...

    async def get(self, plan_id: UUID, scope: StudyPlanScope) -> StudyPlan: ...

    async def find(
        self, filters: StudyPlanFilter, scope: StudyPlanScope, page: PageRequest
    ) -> Page[StudyPlan]: ...

    async def update(self, plan_id: UUID, changes: Mapping[str, Any]) -> None:
        """Change a draft; raises ``Conflict`` when it has been sent meanwhile or a new week is
        taken by another plan."""
        ...

    async def mark_sent(self, plan_id: UUID, at: datetime) -> None:
        """Send a draft; raises ``Conflict`` when it has been sent meanwhile (so its readers
        are told once)."""
        ...

    async def delete(self, plan_id: UUID) -> None:
        """Removes a draft with its file links; raises ``Conflict`` when it has been sent."""
        ...

    async def add_file(self, plan_id: UUID, file_id: UUID) -> None: ...

    async def remove_file(self, plan_id: UUID, file_id: UUID) -> None: ...

    async def current_for(self, student_ids: Sequence[UUID], day: date) -> list[StudyPlan]:
        """Sent plans of these students whose week contains ``day``, in one statement."""
        ...


# ----- rules ---------------------------------------------------------------------------------


def clean_plan(values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Trimmed title of 1 to 200 characters, content of at most 20,000, a Monday to start."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    if "title" in values or creating:
        title = (values.get("title") or "").strip()
        if not 1 <= len(title) <= MAX_TITLE:
            errors.append(FieldError("title", f"must be 1 to {MAX_TITLE} characters"))
        cleaned["title"] = title
    if "content" in values or creating:
        content = (values.get("content") or "").strip()
        if len(content) > MAX_CONTENT:
            errors.append(FieldError("content", f"must be at most {MAX_CONTENT} characters"))
        cleaned["content"] = content
    if "week_start" in values or creating:
        week_start = values.get("week_start")
        if not isinstance(week_start, date) or isinstance(week_start, datetime):
            errors.append(FieldError("week_start", "is required: the Monday of the week"))
        elif week_start.weekday() != 0:
            errors.append(FieldError("week_start", "must be a Monday"))
        cleaned["week_start"] = week_start
    if errors:
        raise Invalid("Some fields are not valid.", errors)
    return cleaned


class StudyPlanService:
    """Writing, sending and reading weekly study plans and their files."""

    def __init__(
        self,
        *,
        plans: StudyPlanRepository,
        people: PeopleRepository,
        files: FileService,
        notifier: Notifier,
        clock: Clock,
    ) -> None:
        self._plans = plans
        self._people = people
        self._files = files
        self._notifier = notifier
        self._clock = clock

    async def list_plans(
        self, actor: Principal, filters: StudyPlanFilter, page: PageRequest
    ) -> Page[StudyPlan]:
        if (
            filters.week_from is not None
            and filters.week_to is not None
            and filters.week_from > filters.week_to
        ):
            raise Invalid.field("week_to", "must not be before week_from")
        return await self._plans.find(filters, scope_of(actor), page)

    async def get(self, actor: Principal, plan_id: UUID) -> StudyPlan:
        return await self._plans.get(plan_id, scope_of(actor))

    async def create(self, actor: Principal, values: Mapping[str, Any]) -> StudyPlan:
        """A draft for a student actively enrolled with the teacher in the subject; any other
        student or subject does not exist for the teacher."""
        if actor.role is not Role.TEACHER:
            raise Forbidden("Study plans are written by teachers.")
        cleaned = clean_plan(values, creating=True)
        student_id: UUID = values["student_id"]
        subject_id: UUID = values["subject_id"]
        enrollment_id = await self._plans.active_enrollment(actor.id, student_id, subject_id)
        if enrollment_id is None:
            raise NotFound("No such student of yours in this subject.")
        plan_id = await self._plans.add(
            NewStudyPlan(
                author_id=actor.id,
                student_id=student_id,
                subject_id=subject_id,
                enrollment_id=enrollment_id,
                **cleaned,
            )
        )
        return await self.get(actor, plan_id)

    async def update(self, actor: Principal, plan_id: UUID, values: Mapping[str, Any]) -> StudyPlan:
        await self._own_draft(actor, plan_id)
        changes = clean_plan(values, creating=False)
        await self._plans.update(plan_id, changes)
        return await self.get(actor, plan_id)

    async def delete(self, actor: Principal, plan_id: UUID) -> None:
        """Remove a draft with its files."""
        plan = await self._own_draft(actor, plan_id)
        await self._plans.delete(plan_id)
        for file in plan.files:
            await self._files.discard(file.id)

    async def send(self, actor: Principal, plan_id: UUID) -> StudyPlan:
        """Fix the draft and tell the student, their tutor and parent."""
        plan = await self._own_draft(actor, plan_id)
        await self._plans.mark_sent(plan_id, self._clock.now())
        account = await self._people.get_account(plan.student_id)
        profile = account.profile
        tutor_id = profile.tutor_id if isinstance(profile, StudentProfile) else None
        parent_id = profile.parent_id if isinstance(profile, StudentProfile) else None
        await self._notifier.notify(
            [plan.student_id, tutor_id, parent_id],
            notices.study_plan_sent(
                plan_id=plan.id,
                title=plan.title,
                student=plan.student_name,
                subject=plan.subject_name,
                author=plan.author_name,
                week_start=plan.week_start,
            ),
            except_user=actor.id,
        )
        return await self.get(actor, plan_id)

    async def attach(
        self, actor: Principal, plan_id: UUID, name: str, content: bytes
    ) -> Attachment:
        plan = await self._own_draft(actor, plan_id)
        if len(plan.files) >= MAX_FILES:
            raise Conflict(f"A study plan may carry at most {MAX_FILES} files.")
        stored = await self._files.store(actor.id, name, content, folder="study-plans")
        await self._plans.add_file(plan_id, stored.id)
        return Attachment.of(stored)

    async def remove_file(self, actor: Principal, plan_id: UUID, file_id: UUID) -> None:
        plan = await self._own_draft(actor, plan_id)
        if file_id not in {f.id for f in plan.files}:
            raise NotFound("File not found.")
        await self._plans.remove_file(plan_id, file_id)
        await self._files.discard(file_id)

    async def download(
        self, actor: Principal, plan_id: UUID, file_id: UUID
    ) -> tuple[StoredFile, bytes]:
        """A file's bytes, for whoever may read the plan (the scope hides the rest)."""
        plan = await self.get(actor, plan_id)
        if file_id not in {f.id for f in plan.files}:
            raise NotFound("File not found.")
        file = await self._files.get(file_id)
        return file, await self._files.read(file)

    # ----- rules ---------------------------------------------------------------------------

    async def _own_draft(self, actor: Principal, plan_id: UUID) -> StudyPlan:
        plan = await self.get(actor, plan_id)
        if plan.author_id != actor.id:
            raise Forbidden("Only the teacher who wrote this plan may change it.")
        if plan.status is not StudyPlanStatus.DRAFT:
            raise Conflict("A sent study plan cannot be changed.")
        return plan
