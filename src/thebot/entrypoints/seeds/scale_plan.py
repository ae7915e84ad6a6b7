"""The rows of ``thebot seed scale``, made without I/O: ids, the row store, sizes, the school.

Everything depends only on the seed and the day: the same arguments give the same rows.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

PASSWORD = "bench-pass-123"  # noqa: S105 - the published password of the seeded accounts
EMAIL_DOMAIN = "bench.local"
SCHOOL_STUDENTS = 2_000
ENROLLMENTS_PER_STUDENT = 3
# A fixed instant for the time part of the ids, so that they depend on the seed only.
ID_EPOCH_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
SUBJECTS = (
    ("Mathematics", "#4F46E5"),
    ("Physics", "#0EA5E9"),
    ("Chemistry", "#10B981"),
    ("Biology", "#84CC16"),
    ("English", "#F59E0B"),
    ("Russian", "#EF4444"),
)
FIRST_NAMES = (
    "Anna", "Boris", "Daria", "Egor", "Irina", "Ivan", "Kira", "Lev", "Maria", "Nikita",
    "Olga", "Pavel", "Sofia", "Timur", "Vera", "Yuri", "Alisa", "Gleb", "Polina", "Artem",
)  # fmt: skip
LAST_NAMES = (
    "Ivanova", "Petrov", "Smirnova", "Kuznetsov", "Popova", "Sokolov", "Lebedeva", "Kozlov",
    "Novikova", "Morozov", "Volkova", "Orlov", "Zaitseva", "Belov", "Frolova", "Gusev",
)  # fmt: skip
WORDS = (
    "equation", "vector", "reaction", "cell", "grammar", "essay", "function", "energy", "proof",
    "graph", "molecule", "fraction", "theorem", "syntax", "orbit", "variable", "system", "ratio",
)  # fmt: skip


@dataclass
class Table:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


class Rows:
    """Every row to insert, per table, in the order the tables were first written to (which
    follows the foreign keys)."""

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}

    def add(self, table: str, row: dict[str, Any]) -> None:
        found = self.tables.get(table)
        if found is None:
            found = self.tables[table] = Table(tuple(row))
        found.rows.append(tuple(row.values()))

    def extend(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        found = self.tables.setdefault(table, Table(columns))
        if found.columns != columns:
            raise ValueError(f"{table}: columns differ from the earlier rows")
        found.rows.extend(rows)

    def counts(self) -> dict[str, int]:
        return {name: len(table.rows) for name, table in self.tables.items()}


class Ids:
    """UUIDv7-shaped ids from a seeded generator: time-ordered, unique, reproducible."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._tick = 0

    def new(self) -> uuid.UUID:
        self._tick += 1
        value = (ID_EPOCH_MS + self._tick) << 80
        value |= 0x7 << 76  # version 7
        value |= self._rng.getrandbits(12) << 64
        value |= 0b10 << 62  # RFC 4122 variant
        value |= self._rng.getrandbits(62)
        return uuid.UUID(int=value)


@dataclass(frozen=True)
class Enrollment:
    id: uuid.UUID
    student: uuid.UUID
    teacher: uuid.UUID
    subject: uuid.UUID
    active: bool
    started_at: datetime


@dataclass
class School:
    """The people and links the lessons and the forum are made from."""

    rng: random.Random
    ids: Ids
    rows: Rows
    today: date
    now: datetime
    names: dict[uuid.UUID, str] = field(default_factory=dict)
    students: list[uuid.UUID] = field(default_factory=list)
    teachers: list[uuid.UUID] = field(default_factory=list)
    tutors: list[uuid.UUID] = field(default_factory=list)
    parents: list[uuid.UUID] = field(default_factory=list)
    tutor_of: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    parent_of: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    subject_names: dict[uuid.UUID, str] = field(default_factory=dict)
    enrollments: list[Enrollment] = field(default_factory=list)

    @classmethod
    def start(cls, seed: int, today: date) -> School:
        rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        now = datetime.combine(today, clock_time(9, 0), tzinfo=UTC)
        return cls(rng=rng, ids=Ids(rng), rows=Rows(), today=today, now=now)

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def sentence(self, words: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    def user(
        self, name: str, role: str, created_by: uuid.UUID | None, password_hash: str
    ) -> uuid.UUID:
        rng = self.rng
        user_id = self.ids.new()
        created = self.ago(rng.uniform(200, 400))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        self.names[user_id] = f"{first} {last}"
        self.rows.add(
            "users",
            {
                "id": user_id,
                "email": f"{name}@{EMAIL_DOMAIN}",
                "first_name": first,
                "last_name": last,
                "phone": f"+7900{rng.randrange(10**7):07d}",
                "role": role,
                "is_active": True,
                "must_change_password": False,
                "password_hash": password_hash,
                "last_login_at": None,
                "created_by_id": created_by,
                "avatar_key": None,
                "created_at": created,
                "updated_at": created,
            },
        )
        return user_id


@dataclass(frozen=True)
class SchoolSize:
    """The "school" profile's counts; ``scaled`` keeps them in proportion to the students."""

    students: int
    teachers: int
    tutors: int
    parents: int
    lessons_per_student: int
    messages: int

    @classmethod
    def scaled(cls, students: int) -> SchoolSize:
        if students < 1:
            raise ValueError("--students must be at least 1")
        factor = students / SCHOOL_STUDENTS
        return cls(
            students=students,
            # Every subject keeps at least one teacher, so that three subjects can be taken.
            teachers=max(len(SUBJECTS), round(100 * factor)),
            tutors=max(1, round(20 * factor)),
            # Between one parent per two students and one per student.
            parents=min(students, max((students + 1) // 2, round(1_500 * factor))),
            lessons_per_student=30,
            messages=round(500_000 * factor),
        )
