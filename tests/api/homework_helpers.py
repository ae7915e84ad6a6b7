"""Homework made through the API, and what the storage holds, for homework tests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tests.api.learning_helpers import School
from thebot.adapters.db.models import StoredFileModel
from thebot.bootstrap import Container
from thebot.config import Settings

ASSIGNMENTS = "/api/v1/assignments"
SUBMISSIONS = "/api/v1/submissions"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
# A Windows program: no accepted type starts like this, and it is not text.
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256))


async def set_homework(
    school: School,
    teacher: str = "teo",
    subject: str = "Mathematics",
    students: tuple[str, ...] = ("ann", "bob"),
    *,
    due_in: timedelta = timedelta(days=2),
    **fields: Any,
) -> dict[str, Any]:
    """Homework by ``teacher`` for ``students``, due ``due_in`` from the clock; 201 expected."""
    due_at = school.container.clock.now() + due_in
    body = {
        "title": fields.pop("title", f"{subject} homework"),
        "subject_id": str(school.subjects[subject]),
        "due_at": due_at.isoformat(),
        "student_ids": [str(school[s].id) for s in students],
        **fields,
    }
    response = await school.client.post(ASSIGNMENTS, json=body, headers=school[teacher].headers)
    assert response.status_code == 201, response.text
    assignment: dict[str, Any] = response.json()
    return assignment


async def hand_in(
    school: School,
    student: str,
    assignment: dict[str, Any],
    text: str | None = None,
    file: tuple[str, bytes, str] | None = None,
) -> Any:
    """Hand in as a browser's form does: multipart, a ``text`` field and/or a ``file``."""
    parts: list[tuple[str, Any]] = []
    if text is not None:
        parts.append(("text", (None, text)))
    if file is not None:
        parts.append(("file", file))
    if not parts:
        parts.append(("note", (None, "nothing")))
    return await school.client.post(
        f"{ASSIGNMENTS}/{assignment['id']}/submissions",
        files=parts,
        headers=school[student].headers,
    )


async def submitted(
    school: School, student: str, assignment: dict[str, Any], text: str = "My answer"
) -> dict[str, Any]:
    response = await hand_in(school, student, assignment, text)
    assert response.status_code == 201, response.text
    submission: dict[str, Any] = response.json()
    return submission


async def attach(
    school: School,
    teacher: str,
    assignment: dict[str, Any],
    content: bytes = PDF,
    name: str = "task.pdf",
) -> Any:
    return await school.client.post(
        f"{ASSIGNMENTS}/{assignment['id']}/attachments",
        files={"file": (name, content, "application/pdf")},
        headers=school[teacher].headers,
    )


async def feedback(school: School, teacher: str, submission_id: str, **body: Any) -> Any:
    return await school.client.post(
        f"{SUBMISSIONS}/{submission_id}/feedback", json=body, headers=school[teacher].headers
    )


async def read(school: School, viewer: str, path: str, **params: Any) -> Any:
    return await school.client.get(path, params=params, headers=school[viewer].headers)


def media_files(settings: Settings) -> list[Path]:
    """Every file in the media folder, avatars included."""
    root = settings.media_path
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def stored_file_rows(container: Container) -> int:
    async with container.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(StoredFileModel)) or 0)
