"""Study materials a teacher publishes to own enrolled students, and the students' progress."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import urlsplit
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.files.entities import StoredFile
from thebot.domain.files.services import FileService
from thebot.domain.learning.ports import EnrollmentRepository
from thebot.domain.notifications import notices
from thebot.domain.notifications.services import Notifier
from thebot.domain.shared.errors import FieldError, Forbidden, Invalid, NotFound
from thebot.domain.shared.pagination import Page, PageRequest
from thebot.domain.shared.ports import Clock

MAX_TITLE = 200
MAX_DESCRIPTION = 5_000
MAX_CONTENT = 100_000
MAX_VIDEO_URL = 500
MAX_STUDENTS = 500
MAX_MINUTES_PER_RECORD = 1440  # one record covers at most a day of study


class MaterialType(StrEnum):
    LESSON = "lesson"
    THEORY = "theory"
    PRACTICE = "practice"
    TEST = "test"
    VIDEO = "video"
    DOCUMENT = "document"
    HOMEWORK = "homework"


class MaterialStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class MaterialFile(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    size: int
    content_type: str


class Progress(msgspec.Struct, frozen=True, kw_only=True):
    """One student's progress on one material."""

    progress_percentage: int
    time_spent_minutes: int
    started_at: datetime
    completed_at: datetime | None
    last_accessed_at: datetime


class AssignedStudent(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    progress: Progress | None


class Material(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    author_id: UUID
    author_name: str
    subject_id: UUID
    subject_name: str
    title: str
    description: str | None
    type: MaterialType
    status: MaterialStatus
    difficulty: int | None
    video_url: str | None
    file_id: UUID | None
    file: MaterialFile | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    # Lists leave the (up to 100k characters) content out.
    content: str | None = None
    # Read along only for those who may know them: counts for the author and the office,
    # progress for the student asking, the students for the author and the office.
    assigned_count: int | None = None
    completed_count: int | None = None
    progress: Progress | None = None
    students: tuple[AssignedStudent, ...] | None = None


class NewMaterial(msgspec.Struct, frozen=True, kw_only=True):
    author_id: UUID
    subject_id: UUID
    title: str
    description: str | None
    content: str | None
    type: MaterialType
    status: MaterialStatus
    difficulty: int | None
    video_url: str | None
    published_at: datetime | None
    created_at: datetime


class MaterialQuery(msgspec.Struct, frozen=True, kw_only=True):
    subject_id: UUID | None = None
    status: MaterialStatus | None = None
    type: MaterialType | None = None
    student_id: UUID | None = None
    # Who is asking narrows what exists for them.
    author_id: UUID | None = None
    assigned_to: UUID | None = None
    assigned_to_tutees_of: UUID | None = None
    assigned_to_children_of: UUID | None = None
    active_only: bool = False
    # What to read along.
    with_counts: bool = False
    progress_of: UUID | None = None


class MaterialRepository(Protocol):
    async def add(self, material: NewMaterial) -> UUID: ...

    async def get(self, material_id: UUID, query: MaterialQuery) -> Material | None:
        """The material if it matches ``query`` (who may see it), with what it reads along."""
        ...

    async def find(self, query: MaterialQuery, page: PageRequest) -> Page[Material]:
        """A page of materials in a fixed number of statements, whatever their number."""
        ...

    async def update(self, material_id: UUID, changes: Mapping[str, Any]) -> None: ...

    async def delete(self, material_id: UUID) -> None:
        """Remove the material with its assignments and progress."""
        ...

    async def students(self, material_id: UUID) -> list[AssignedStudent]: ...

    async def set_students(
        self, material_id: UUID, student_ids: Iterable[UUID], at: datetime
    ) -> set[UUID]:
        """Make exactly these students assigned (those kept keep their assignment time);
        returns those newly assigned."""
        ...

    async def progress(self, material_id: UUID, student_id: UUID) -> Progress | None:
        """The student's progress, locked until the transaction ends."""
        ...

    async def save_progress(
        self, material_id: UUID, student_id: UUID, progress: Progress, *, new: bool
    ) -> None:
        """Store it; raises ``Conflict`` when a concurrent first record won the race."""
        ...


def audience(actor: Principal, query: MaterialQuery) -> MaterialQuery:
    """Narrow a query to what the actor may know exists, and what they may read along."""
    narrowed: dict[Role, dict[str, Any]] = {
        Role.STUDENT: {"assigned_to": actor.id, "active_only": True, "progress_of": actor.id},
        Role.TEACHER: {"author_id": actor.id, "with_counts": True},
        Role.TUTOR: {"assigned_to_tutees_of": actor.id, "active_only": True},
        Role.PARENT: {"assigned_to_children_of": actor.id, "active_only": True},
        Role.ADMIN: {"with_counts": True},
    }
    return msgspec.structs.replace(query, **narrowed[actor.role])


def _text(values: Mapping[str, Any], field: str, limit: int, errors: list[FieldError]) -> Any:
    value = values[field]
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append(FieldError(field, "must be text"))
        return None
    if len(value) > limit:
        errors.append(FieldError(field, f"must be at most {limit} characters"))
    return value.strip() or None


def _choice(value: Any, kind: type[StrEnum], field: str, errors: list[FieldError]) -> Any:
    try:
        return kind(value)
    except ValueError:
        errors.append(FieldError(field, f"must be one of {', '.join(kind)}"))
        return None


def clean_material(values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The material's own fields, checked; every broken rule is named at once."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    required = ("title", "subject_id", "type") if creating else ()
    for field in required:
        if values.get(field) is None:
            errors.append(FieldError(field, "is required"))
    if values.get("title") is not None:
        title = _text(values, "title", MAX_TITLE, errors)
        if not title:
            errors.append(FieldError("title", f"must be 1 to {MAX_TITLE} characters"))
        cleaned["title"] = title
    if "description" in values:
        cleaned["description"] = _text(values, "description", MAX_DESCRIPTION, errors)
    if "content" in values:
        # Content keeps its own whitespace: it may be formatted text.
        content = values["content"]
        if content is not None and (not isinstance(content, str) or len(content) > MAX_CONTENT):
            errors.append(FieldError("content", f"must be at most {MAX_CONTENT} characters"))
        cleaned["content"] = content or None
    if values.get("subject_id") is not None:
        if not isinstance(values["subject_id"], UUID):
            errors.append(FieldError("subject_id", "must be a subject id"))
        cleaned["subject_id"] = values["subject_id"]
    if values.get("type") is not None:
        cleaned["type"] = _choice(values["type"], MaterialType, "type", errors)
    if "status" in values:
        cleaned["status"] = _choice(values["status"], MaterialStatus, "status", errors)
    if "video_url" in values:
        url = _text(values, "video_url", MAX_VIDEO_URL, errors)
        if url is not None and not _is_web_address(url):
            errors.append(FieldError("video_url", "must be an http or https address"))
        cleaned["video_url"] = url
    if "difficulty" in values:
        level = values["difficulty"]
        if level is not None and (
            isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5
        ):
            errors.append(FieldError("difficulty", "must be a whole number from 1 to 5"))
        cleaned["difficulty"] = level
    if errors:
        raise Invalid("Some fields are not valid.", errors)
    return cleaned


def _is_web_address(url: str) -> bool:
    # Only web links: a javascript: or data: link in a student's browser would run code.
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and " " not in url


def _whole(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid.field(field, f"must be a whole number from {low} to {high}")
    return value


class MaterialService:
    """Teachers publish materials to their own enrolled students; students record progress."""

    def __init__(
        self,
        *,
        materials: MaterialRepository,
        enrollments: EnrollmentRepository,
        files: FileService,
        notifier: Notifier,
        clock: Clock,
    ) -> None:
        self._materials = materials
        self._enrollments = enrollments
        self._files = files
        self._notifier = notifier
        self._clock = clock

    async def list_materials(
        self, actor: Principal, query: MaterialQuery, page: PageRequest
    ) -> Page[Material]:
        return await self._materials.find(audience(actor, query), page)

    async def get(self, actor: Principal, material_id: UUID) -> Material:
        """The material; its author and the office also see each assigned student's progress."""
        material = await self._visible(actor, material_id)
        if actor.role is Role.ADMIN or material.author_id == actor.id:
            students = await self._materials.students(material_id)
            material = msgspec.structs.replace(material, students=tuple(students))
        return material

    async def create(self, actor: Principal, values: Mapping[str, Any]) -> Material:
        if actor.role is not Role.TEACHER:
            raise Forbidden("Materials are published by teachers.")
        cleaned = clean_material(values, creating=True)
        subject_id: UUID = cleaned["subject_id"]
        await self._check_teaches(actor, subject_id)
        students = await self._own_students(actor, values.get("student_ids", ()), subject_id)
        now = self._clock.now()
        status = cleaned.get("status") or MaterialStatus.DRAFT
        material_id = await self._materials.add(
            NewMaterial(
                author_id=actor.id,
                subject_id=subject_id,
                title=cleaned["title"],
                description=cleaned.get("description"),
                content=cleaned.get("content"),
                type=cleaned["type"],
                status=status,
                difficulty=cleaned.get("difficulty"),
                video_url=cleaned.get("video_url"),
                published_at=now if status is MaterialStatus.ACTIVE else None,
                created_at=now,
            )
        )
        if students:
            await self._materials.set_students(material_id, students, now)
        created = await self.get(actor, material_id)
        if status is MaterialStatus.ACTIVE:
            await self._tell_published(actor, created, students)
        return created

    async def update(
        self, actor: Principal, material_id: UUID, values: Mapping[str, Any]
    ) -> Material:
        """Change the author's material; ``student_ids`` replaces who it is assigned to."""
        material = await self._authored(actor, material_id)
        changes = clean_material(values, creating=False)
        subject_id: UUID = changes.get("subject_id", material.subject_id)
        students: list[UUID] | None = None
        if subject_id != material.subject_id:
            await self._check_teaches(actor, subject_id)
        if "student_ids" in values:
            students = await self._own_students(actor, values["student_ids"], subject_id)
        elif subject_id != material.subject_id:
            # Those already assigned must also be the teacher's students in the new subject.
            current = [s.id for s in await self._materials.students(material_id)]
            await self._own_students(actor, current, subject_id)
        now = self._clock.now()
        if changes.get("status") is MaterialStatus.ACTIVE and material.published_at is None:
            changes["published_at"] = now
        if values:
            await self._materials.update(material_id, {**changes, "updated_at": now})
        added: set[UUID] = set()
        if students is not None:
            added = await self._materials.set_students(material_id, students, now)
        updated = await self.get(actor, material_id)
        if updated.status is MaterialStatus.ACTIVE:
            # Active for the first time: new to everyone it is assigned to; else to newcomers.
            first = material.published_at is None
            assigned = [s.id for s in updated.students or ()]
            await self._tell_published(actor, updated, [s for s in assigned if first or s in added])
        return updated

    async def delete(self, actor: Principal, material_id: UUID) -> None:
        """Remove the material, who it was assigned to, their progress, and its file."""
        material = await self._authored(actor, material_id)
        await self._materials.delete(material_id)
        if material.file_id is not None:
            await self._files.discard(material.file_id)

    async def attach_file(
        self, actor: Principal, material_id: UUID, filename: str, content: bytes
    ) -> Material:
        """Store the file (checked by content) in place of the previous one."""
        material = await self._authored(actor, material_id)
        stored = await self._files.store(actor.id, filename, content, folder="materials")
        await self._materials.update(
            material_id, {"file_id": stored.id, "updated_at": self._clock.now()}
        )
        if material.file_id is not None:
            await self._files.discard(material.file_id)
        return await self.get(actor, material_id)

    async def remove_file(self, actor: Principal, material_id: UUID) -> None:
        material = await self._authored(actor, material_id)
        if material.file_id is None:
            raise NotFound("This material has no file.")
        now = self._clock.now()
        await self._materials.update(material_id, {"file_id": None, "updated_at": now})
        await self._files.discard(material.file_id)

    async def file(self, actor: Principal, material_id: UUID) -> tuple[StoredFile, bytes]:
        """The file, for its author, the office and the students it is published to."""
        material = await self._visible(actor, material_id)
        # Tutors and parents follow progress; the material's file is for the class.
        if actor.role in (Role.TUTOR, Role.PARENT) or material.file_id is None:
            raise NotFound("This material has no file for you.")
        stored = await self._files.get(material.file_id)
        return stored, await self._files.read(stored)

    async def record_progress(
        self, actor: Principal, material_id: UUID, values: Mapping[str, Any]
    ) -> Progress:
        """The percentage replaces the last one; minutes add up; reaching 100 completes."""
        if actor.role is not Role.STUDENT:
            raise Forbidden("Progress is recorded by the students a material is assigned to.")
        await self._visible(actor, material_id)
        percentage = _whole(values.get("progress_percentage"), "progress_percentage", 0, 100)
        minutes = _whole(
            values.get("time_spent_minutes", 0), "time_spent_minutes", 0, MAX_MINUTES_PER_RECORD
        )
        now = self._clock.now()
        current = await self._materials.progress(material_id, actor.id)
        completed_at = None
        if percentage == 100:
            completed_at = current.completed_at if current and current.completed_at else now
        progress = Progress(
            progress_percentage=percentage,
            time_spent_minutes=(current.time_spent_minutes if current else 0) + minutes,
            started_at=current.started_at if current else now,
            completed_at=completed_at,
            last_accessed_at=now,
        )
        await self._materials.save_progress(material_id, actor.id, progress, new=current is None)
        return progress

    # ----- rules ---------------------------------------------------------------------------

    async def _tell_published(
        self, actor: Principal, material: Material, students: Sequence[UUID]
    ) -> None:
        notice = notices.material_published(
            material_id=material.id,
            title=material.title,
            subject=material.subject_name,
            author=material.author_name,
        )
        await self._notifier.notify(students, notice, except_user=actor.id)

    async def _visible(self, actor: Principal, material_id: UUID) -> Material:
        material = await self._materials.get(material_id, audience(actor, MaterialQuery()))
        if material is None:
            raise NotFound("Material not found.")
        return material

    async def _authored(self, actor: Principal, material_id: UUID) -> Material:
        """The material, if the actor wrote it: those who may only see it get 403."""
        material = await self._visible(actor, material_id)
        if material.author_id != actor.id:
            raise Forbidden("Only the author changes a material.")
        return material

    async def _check_teaches(self, actor: Principal, subject_id: UUID) -> None:
        if not await self._enrollments.teaches(actor.id, subject_id):
            raise Invalid.field("subject_id", "must be a subject you teach")

    async def _own_students(
        self, actor: Principal, student_ids: Sequence[UUID], subject_id: UUID
    ) -> list[UUID]:
        wanted = list(dict.fromkeys(student_ids))
        if len(wanted) > MAX_STUDENTS:
            raise Invalid.field("student_ids", f"must list at most {MAX_STUDENTS} students")
        enrolled = await self._enrollments.enrolled_students(actor.id, wanted, subject_id)
        strangers = [s for s in wanted if s not in enrolled]
        if strangers:
            raise Invalid.field(
                "student_ids",
                f"{len(strangers)} of these are not your enrolled students in this subject",
            )
        return wanted
