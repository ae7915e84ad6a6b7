"""Lessons as teachers would have scheduled them, by the rules of ``domain.scheduling.lessons``.

Only for active enrollments; 15 minutes to 4 hours on a quarter-hour grid between 05:00 and
19:00 UTC; never two at once for a teacher or a student (whatever their status); scheduled at
least 3 hours ahead, never before the enrollment started. Past lessons were completed (after
they ended) or cancelled (more than 2 hours before they started); coming ones are scheduled,
a few cancelled. Each lesson has the history entries the platform writes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from thebot.domain.scheduling.lessons import CANCEL_NOTICE
from thebot.entrypoints.seeds.scale_plan import WORDS, Enrollment, School

QUARTER = timedelta(minutes=15)
DURATIONS = (1, 2, 3, 3, 4, 4, 4, 4, 6, 6, 6, 8, 8, 12, 16)  # quarter hours: 15 min to 4 h
FIRST_SLOT, LAST_SLOT = 5 * 4, 19 * 4  # quarter hours of the day, UTC
ATTEMPTS = 1_000
LESSON_COLUMNS = (
    "id", "teacher_id", "student_id", "subject_id", "start_at", "end_at", "description",
    "meeting_url", "status", "cancel_reason", "created_by_id", "updated_by_id", "created_at",
    "updated_at",
)  # fmt: skip
HISTORY_COLUMNS = ("id", "lesson_id", "action", "actor_id", "at", "changes")
REASONS = ("The student is ill.", "The teacher is away.", "Moved at the family's request.")


@dataclass(frozen=True)
class LessonWindow:
    first_day: date
    days: int
    per_student: int
    # Of coming lessons; twice as many of the past ones.
    cancelled_share: float


def lessons(school: School, window: LessonWindow) -> None:
    rng, now, rows = school.rng, school.now, school.rows
    busy: dict[tuple[uuid.UUID, int], list[tuple[int, int]]] = {}
    midnight = datetime.combine(window.first_day, clock_time(0), tzinfo=UTC)
    active: dict[uuid.UUID, list[Enrollment]] = {}
    for e in school.enrollments:
        if e.active:
            active.setdefault(e.student, []).append(e)

    def free(key: tuple[uuid.UUID, int], start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e in busy.get(key, ()))

    def place(e: Enrollment) -> tuple[int, int, int]:
        earliest = max(0, (e.started_at.date() - window.first_day).days + 1)
        for _ in range(ATTEMPTS):
            day = rng.randrange(earliest, window.days)
            length = rng.choice(DURATIONS)
            start = rng.randrange(FIRST_SLOT, LAST_SLOT - length + 1)
            end = start + length
            teacher, student = (e.teacher, day), (e.student, day)
            if free(teacher, start, end) and free(student, start, end):
                busy.setdefault(teacher, []).append((start, end))
                busy.setdefault(student, []).append((start, end))
                return day, start, end
        raise RuntimeError("no free time left for a lesson: the lesson window is too full")

    lesson_rows: list[tuple[Any, ...]] = []
    history: list[tuple[Any, ...]] = []
    for student in school.students:
        mine = active.get(student, [])
        for n in range(window.per_student if mine else 0):
            e = mine[n % len(mine)]
            day, first, last = place(e)
            start_at = midnight + timedelta(days=day) + first * QUARTER
            end_at = midnight + timedelta(days=day) + last * QUARTER
            latest = min(now, start_at - timedelta(hours=3))
            earliest = max(e.started_at, latest - timedelta(days=21))
            created = earliest + (latest - earliest) * rng.random()
            status, reason, changed = "scheduled", None, created
            if end_at <= now:
                if rng.random() < 2 * window.cancelled_share:
                    status = "cancelled"
                else:
                    status = "completed"
                    changed = end_at + (min(now, end_at + timedelta(days=1)) - end_at) * (
                        rng.random()
                    )
            elif start_at > now and rng.random() < window.cancelled_share:
                status = "cancelled"
            if status == "cancelled":
                reason = rng.choice(REASONS)
                changed = created + (min(now, start_at - CANCEL_NOTICE) - created) * rng.random()
            lesson_id = school.ids.new()
            description = f"{school.subject_names[e.subject]}: {rng.choice(WORDS)}"
            url = f"https://meet.example.org/{lesson_id.hex[-12:]}"
            lesson_rows.append(
                (lesson_id, e.teacher, e.student, e.subject, start_at, end_at, description, url,
                 status, reason, e.teacher, e.teacher, created, changed)
            )  # fmt: skip
            history.append(
                (
                    school.ids.new(),
                    lesson_id,
                    "created",
                    e.teacher,
                    created,
                    {
                        "description": [None, description],
                        "end_at": [None, end_at.isoformat()],
                        "meeting_url": [None, url],
                        "start_at": [None, start_at.isoformat()],
                    },
                )
            )
            if status == "completed":
                changes: dict[str, Any] = {"status": ["scheduled", "completed"]}
                history.append((school.ids.new(), lesson_id, status, e.teacher, changed, changes))
            elif status == "cancelled":
                changes = {"status": ["scheduled", "cancelled"], "cancel_reason": [None, reason]}
                history.append((school.ids.new(), lesson_id, status, e.teacher, changed, changes))
    rows.extend("lessons", LESSON_COLUMNS, lesson_rows)
    rows.extend("lesson_history", HISTORY_COLUMNS, history)
