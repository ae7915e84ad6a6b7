"""The "compare" data set on a fresh PostgreSQL database, bulk-inserted.

    .venv/bin/python -m bench.seed_compare [--database-url URL] [--seed 1] [--today YYYY-MM-DD]

Drops and recreates the database, migrates it to the newest revision, then inserts (set-based,
``insert(Model)`` with chunks of rows) what the system we replace was measured with:
1 admin, 50 teachers, 10 tutors, 500 students, 300 parents (parents 1-200 have two children),
6 subjects, one subject per teacher, 3 enrollments per student (3 different subjects, every
teacher 30 students), 20 active materials per teacher assigned to their 30 students (30,000
assignments), 10 progress records per student, 5 published homework assignments per teacher
with about half of the students handing in (some graded), and one sent report per student
from its tutor to its parent. Every email is ``<name>@bench.local``, every password
``bench-pass-123`` (hashed once with the platform's own hasher).

Ids and contents depend only on ``--seed``; dates are relative to ``--today`` (default: today,
UTC) so that deadlines stay "upcoming" whenever the benchmark runs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from typing import Any

import asyncpg
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from thebot.adapters.db import migrations
from thebot.adapters.db.engine import create_engine
from thebot.adapters.db.models import (
    AssignmentModel,
    AssignmentStudentModel,
    EnrollmentModel,
    MaterialAssignmentModel,
    MaterialModel,
    MaterialProgressModel,
    ParentProfileModel,
    ReportModel,
    ReportRecipientModel,
    StudentProfileModel,
    SubjectModel,
    SubmissionModel,
    SubmissionVersionModel,
    TeacherProfileModel,
    TeacherSubjectModel,
    TutorProfileModel,
    UserModel,
)
from thebot.adapters.db.models.materials import MATERIAL_TYPES
from thebot.adapters.db.repositories import subject_progress
from thebot.adapters.security import Argon2PasswordHasher

DEFAULT_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/thebot_bench"
PASSWORD = "bench-pass-123"  # noqa: S105 - the published password of the bench accounts
EMAIL_DOMAIN = "bench.local"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})

TEACHERS, TUTORS, STUDENTS, PARENTS = 50, 10, 500, 300
PARENTS_WITH_TWO_CHILDREN = 200
ENROLLMENTS_PER_STUDENT = 3
MATERIALS_PER_TEACHER = 20
PROGRESS_PER_STUDENT = 10
HOMEWORK_PER_TEACHER = 5
SUBMISSION_SHARE = 0.5
GRADED_SHARE = 0.4
CHUNK = 5_000
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
# A fixed instant for the time part of the ids, so that they depend on the seed only.
ID_EPOCH_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z


@dataclass
class Rows:
    """Every row to insert, per model, in dependency order."""

    tables: dict[type[Any], list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, model: type[Any], row: dict[str, Any]) -> None:
        self.tables.setdefault(model, []).append(row)


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


def build(seed: int, today: date, password_hash: str) -> Rows:
    """The whole data set as rows; pure (no I/O), the same for the same seed and day."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    ids = Ids(rng)
    rows = Rows()
    now = datetime.combine(today, clock_time(9, 0), tzinfo=UTC)

    def ago(days: float) -> datetime:
        return now - timedelta(days=days)

    def sentence(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    def user(name: str, role: str, created_by: uuid.UUID | None) -> uuid.UUID:
        user_id = ids.new()
        created = ago(rng.uniform(200, 400))
        rows.add(
            UserModel,
            {
                "id": user_id,
                "email": f"{name}@{EMAIL_DOMAIN}",
                "first_name": rng.choice(FIRST_NAMES),
                "last_name": rng.choice(LAST_NAMES),
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

    admin = user("admin", "admin", None)
    teachers = [user(f"teacher{i:03d}", "teacher", admin) for i in range(1, TEACHERS + 1)]
    tutors = [user(f"tutor{i:03d}", "tutor", admin) for i in range(1, TUTORS + 1)]
    students = [user(f"student{i:03d}", "student", admin) for i in range(1, STUDENTS + 1)]
    parents = [user(f"parent{i:03d}", "parent", admin) for i in range(1, PARENTS + 1)]

    # Parents 1-200 have students 2k-1 and 2k; parents 201-300 one student each (401-500).
    parent_of = {}
    for k, parent in enumerate(parents):
        children = (2 * k, 2 * k + 1) if k < PARENTS_WITH_TWO_CHILDREN else (k + 200,)
        for child in children:
            parent_of[students[child]] = parent
    # Tutors take blocks of 50 (tutor001: student001-050), so siblings share a tutor.
    per_tutor = STUDENTS // TUTORS
    tutor_of = {student: tutors[i // per_tutor] for i, student in enumerate(students)}

    for student in students:
        rows.add(
            StudentProfileModel,
            {
                "user_id": student,
                "grade": rng.randint(5, 11),
                "goal": sentence(6),
                "tutor_id": tutor_of[student],
                "parent_id": parent_of[student],
                "telegram": None,
                "staff_notes": None,
            },
        )
    for teacher in teachers:
        rows.add(
            TeacherProfileModel,
            {
                "user_id": teacher,
                "bio": sentence(12),
                "experience_years": rng.randint(1, 30),
                "telegram": None,
            },
        )
    for tutor in tutors:
        rows.add(
            TutorProfileModel,
            {
                "user_id": tutor,
                "specialization": "Exam preparation",
                "bio": sentence(12),
                "experience_years": rng.randint(1, 20),
                "telegram": None,
            },
        )
    for parent in parents:
        rows.add(
            ParentProfileModel,
            {
                "user_id": parent,
                "telegram": None,
                "notify_by_telegram": False,
                "notify_by_email": True,
            },
        )

    subjects = []
    for name, color in SUBJECTS:
        subject_id = ids.new()
        subjects.append(subject_id)
        rows.add(
            SubjectModel,
            {
                "id": subject_id,
                "name": name,
                "description": f"{name} for school grades 5-11.",
                "color": color,
                "created_at": ago(500),
                "updated_at": ago(500),
            },
        )
    subject_of = {teacher: subjects[i % len(subjects)] for i, teacher in enumerate(teachers)}
    for teacher in teachers:
        rows.add(
            TeacherSubjectModel,
            {
                "id": ids.new(),
                "teacher_id": teacher,
                "subject_id": subject_of[teacher],
                "is_active": True,
                "created_at": ago(450),
                "updated_at": ago(450),
            },
        )

    # Every teacher gets 30 places; the places, ordered by subject, are dealt to the students
    # (shuffled) as places i, i+500 and i+1000. No subject has 500 places or more, so each
    # student's three places are in three different subjects.
    load = STUDENTS * ENROLLMENTS_PER_STUDENT // TEACHERS
    places = sorted(
        ((subject_of[t], t) for t in teachers for _ in range(load)),
        key=lambda place: (subjects.index(place[0]), teachers.index(place[1])),
    )
    dealt = students[:]
    rng.shuffle(dealt)
    students_of: dict[uuid.UUID, list[uuid.UUID]] = {t: [] for t in teachers}
    teachers_of: dict[uuid.UUID, list[uuid.UUID]] = {s: [] for s in students}
    for i, student in enumerate(dealt):
        for round_ in range(ENROLLMENTS_PER_STUDENT):
            subject, teacher = places[i + round_ * STUDENTS]
            students_of[teacher].append(student)
            teachers_of[student].append(teacher)
            started = ago(rng.uniform(30, 180))
            rows.add(
                EnrollmentModel,
                {
                    "id": ids.new(),
                    "student_id": student,
                    "subject_id": subject,
                    "teacher_id": teacher,
                    "custom_subject_name": None,
                    "assigned_by_id": tutor_of[student],
                    "status": "active",
                    "started_at": started,
                    "ended_at": None,
                    "price_per_period": Decimal(rng.choice((2400, 3200, 4000, 4800))),
                    "period_weeks": 4,
                    "paid_until": today + timedelta(days=rng.randint(-5, 25)),
                    "created_at": started,
                    "updated_at": started,
                },
            )

    materials_of: dict[uuid.UUID, list[uuid.UUID]] = {}
    for teacher in teachers:
        materials_of[teacher] = []
        for n in range(MATERIALS_PER_TEACHER):
            material_id = ids.new()
            materials_of[teacher].append(material_id)
            published = ago(rng.uniform(1, 120))
            rows.add(
                MaterialModel,
                {
                    "id": material_id,
                    "author_id": teacher,
                    "subject_id": subject_of[teacher],
                    "title": f"Topic {n + 1}: {sentence(3)[:-1]}",
                    "description": sentence(15),
                    "content": " ".join(sentence(12) for _ in range(8)),
                    "type": MATERIAL_TYPES[n % len(MATERIAL_TYPES)],
                    "status": "active",
                    "file_id": None,
                    "video_url": None,
                    "difficulty": rng.randint(1, 5),
                    "published_at": published,
                    "created_at": published,
                    "updated_at": published,
                },
            )
            for student in students_of[teacher]:
                rows.add(
                    MaterialAssignmentModel,
                    {"material_id": material_id, "student_id": student, "assigned_at": published},
                )

    for student in students:
        assigned = [m for t in teachers_of[student] for m in materials_of[t]]
        for material_id in rng.sample(assigned, PROGRESS_PER_STUDENT):
            percentage = rng.choice((10, 25, 40, 50, 60, 75, 90, 100, 100))
            started = ago(rng.uniform(10, 60))
            last = started + timedelta(days=rng.uniform(0, 9))
            rows.add(
                MaterialProgressModel,
                {
                    "id": ids.new(),
                    "material_id": material_id,
                    "student_id": student,
                    "progress_percentage": percentage,
                    "time_spent_minutes": rng.randint(5, 240),
                    "started_at": started,
                    "completed_at": last if percentage == 100 else None,
                    "last_accessed_at": last,
                    "created_at": started,
                    "updated_at": last,
                },
            )

    for teacher in teachers:
        for n in range(HOMEWORK_PER_TEACHER):
            assignment_id = ids.new()
            # Two deadlines passed, three to come.
            due = now + timedelta(days=(-10, -3, 2, 6, 12)[n], hours=rng.randint(0, 8))
            published = due - timedelta(days=7)
            rows.add(
                AssignmentModel,
                {
                    "id": assignment_id,
                    "author_id": teacher,
                    "subject_id": subject_of[teacher],
                    "title": f"Homework {n + 1}: {sentence(3)[:-1]}",
                    "instructions": " ".join(sentence(10) for _ in range(3)),
                    "due_at": due,
                    "max_score": 100,
                    "status": "published",
                    "published_at": published,
                    "created_at": published,
                    "updated_at": published,
                },
            )
            for student in students_of[teacher]:
                rows.add(
                    AssignmentStudentModel,
                    {"assignment_id": assignment_id, "student_id": student},
                )
                if rng.random() >= SUBMISSION_SHARE:
                    continue
                latest = min(now, due + timedelta(days=2))
                submitted = published + (latest - published) * rng.uniform(0.1, 1.0)
                graded = submitted < now - timedelta(days=1) and rng.random() < GRADED_SHARE
                graded_at = submitted + (now - submitted) * rng.uniform(0.1, 0.9)
                late = submitted > due
                submission_id = ids.new()
                rows.add(
                    SubmissionModel,
                    {
                        "id": submission_id,
                        "assignment_id": assignment_id,
                        "student_id": student,
                        "status": "graded" if graded else "submitted",
                        "is_late": late,
                        "submitted_at": submitted,
                        "version": 1,
                        "score": rng.randint(40, 100) if graded else None,
                        "feedback": sentence(8) if graded else None,
                        "graded_at": graded_at if graded else None,
                        "graded_by_id": teacher if graded else None,
                        "created_at": submitted,
                        "updated_at": graded_at if graded else submitted,
                    },
                )
                rows.add(
                    SubmissionVersionModel,
                    {
                        "id": ids.new(),
                        "submission_id": submission_id,
                        "number": 1,
                        "text": " ".join(sentence(10) for _ in range(4)),
                        "file_id": None,
                        "submitted_at": submitted,
                        "is_late": late,
                        "created_at": submitted,
                        "updated_at": submitted,
                    },
                )

    for student in students:
        report_id = ids.new()
        sent = ago(rng.uniform(0.5, 6))
        rows.add(
            ReportModel,
            {
                "id": report_id,
                "author_id": tutor_of[student],
                "student_id": student,
                "subject_id": None,
                "period_start": today - timedelta(days=30),
                "period_end": today - timedelta(days=1),
                "title": "Monthly progress report",
                "summary": sentence(20),
                "achievements": sentence(12),
                "concerns": sentence(10),
                "recommendations": sentence(12),
                "progress_percentage": rng.randint(40, 100),
                "attendance_percentage": rng.randint(60, 100),
                "status": "sent",
                "sent_at": sent,
                "created_at": sent - timedelta(hours=2),
                "updated_at": sent,
            },
        )
        read = rng.random() < 0.5
        rows.add(
            ReportRecipientModel,
            {
                "report_id": report_id,
                "recipient_id": parent_of[student],
                "read_at": sent + timedelta(hours=rng.uniform(1, 10)) if read else None,
            },
        )
    return rows


# Each query counts the rows that break a rule of the platform: all must be 0.
RULE_CHECKS = {
    "enrollment teacher does not teach its subject": """
        SELECT count(*) FROM enrollments e WHERE NOT EXISTS (
          SELECT 1 FROM teacher_subjects ts WHERE ts.teacher_id = e.teacher_id
          AND ts.subject_id = e.subject_id AND ts.is_active)""",
    "material assigned to a student not enrolled with its author in its subject": """
        SELECT count(*) FROM material_assignments ma JOIN materials m ON m.id = ma.material_id
        WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.student_id = ma.student_id
          AND e.teacher_id = m.author_id AND e.subject_id = m.subject_id
          AND e.status = 'active')""",
    "homework set for a student not enrolled with its author in its subject": """
        SELECT count(*) FROM assignment_students a JOIN assignments h ON h.id = a.assignment_id
        WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.student_id = a.student_id
          AND e.teacher_id = h.author_id AND e.subject_id = h.subject_id
          AND e.status = 'active')""",
    "submission by a student the homework is not set for": """
        SELECT count(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM assignment_students a
          WHERE a.assignment_id = s.assignment_id AND a.student_id = s.student_id)""",
    "progress on a material not assigned to the student": """
        SELECT count(*) FROM material_progress p WHERE NOT EXISTS (
          SELECT 1 FROM material_assignments ma
          WHERE ma.material_id = p.material_id AND ma.student_id = p.student_id)""",
    "user without the profile of their role": """
        SELECT count(*) FROM users u WHERE u.role <> 'admin' AND NOT EXISTS (
          SELECT 1 FROM student_profiles p WHERE p.user_id = u.id AND u.role = 'student'
          UNION ALL SELECT 1 FROM teacher_profiles p WHERE p.user_id = u.id AND u.role = 'teacher'
          UNION ALL SELECT 1 FROM tutor_profiles p WHERE p.user_id = u.id AND u.role = 'tutor'
          UNION ALL SELECT 1 FROM parent_profiles p WHERE p.user_id = u.id AND u.role = 'parent'
        )""",
    "student profile linking a tutor or parent of the wrong role": """
        SELECT count(*) FROM student_profiles p JOIN users t ON t.id = p.tutor_id
        JOIN users g ON g.id = p.parent_id WHERE t.role <> 'tutor' OR g.role <> 'parent'""",
    "report not from the student's tutor to the student's parent": """
        SELECT count(*) FROM reports r JOIN student_profiles p ON p.user_id = r.student_id
        JOIN report_recipients rr ON rr.report_id = r.id
        WHERE r.author_id <> p.tutor_id OR rr.recipient_id <> p.parent_id""",
}


def check_loopback(url: str) -> None:
    host = make_url(url).host
    if host is not None and host not in LOOPBACK_HOSTS:
        raise SystemExit(f"the bench only talks to loopback; refusing database host {host!r}")


async def recreate_database(url: str) -> None:
    parsed = make_url(url)
    name = parsed.database
    if not name or "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the bench database name must contain 'bench'")
    connection = await asyncpg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database="postgres",
    )
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def chunks(items: Sequence[dict[str, Any]], size: int) -> Iterable[Sequence[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def insert_rows(url: str, rows: Rows) -> tuple[dict[str, int], dict[str, int]]:
    """Insert everything in one transaction, analyse, and return (table counts, rule breaches)."""
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.begin() as connection:
            for model, table_rows in rows.tables.items():
                for chunk in chunks(table_rows, CHUNK):
                    await connection.execute(insert(model), list(chunk))
            # Rows written around the repositories: rebuild the summary they keep in step.
            await subject_progress.rebuild(connection)
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("ANALYZE"))
            counts = {}
            for model in rows.tables:
                table = model.__tablename__
                counts[table] = int(
                    await connection.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608
                )
            breaches = {
                rule: int(await connection.scalar(text(query)))
                for rule, query in RULE_CHECKS.items()
            }
    finally:
        await engine.dispose()
    return counts, breaches


def seed(
    url: str = DEFAULT_DATABASE_URL, seed: int = 1, today: date | None = None
) -> dict[str, Any]:
    """Build the compare data set in a fresh database; returns timings and counts."""
    check_loopback(url)
    today = today or datetime.now(UTC).date()
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str, mark: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - mark, 2)
        return now

    mark = started
    asyncio.run(recreate_database(url))
    mark = lap("recreate database", mark)
    migrations.upgrade(url)
    mark = lap("migrate", mark)
    password_hash = asyncio.run(Argon2PasswordHasher().hash(PASSWORD))
    mark = lap("hash password once", mark)
    rows = build(seed, today, password_hash)
    mark = lap("build rows", mark)
    counts, breaches = asyncio.run(insert_rows(url, rows))
    lap("insert + analyse", mark)
    timings["total"] = round(time.perf_counter() - started, 2)
    return {
        "database_url": url,
        "seed": seed,
        "today": today.isoformat(),
        "timings": timings,
        "counts": counts,
        "rule_breaches": breaches,
    }


def print_report(report: dict[str, Any]) -> None:
    print(f"Seeded the compare data set (seed {report['seed']}, today {report['today']})")
    for name, seconds in report["timings"].items():
        print(f"  {name:<22} {seconds:>7.2f} s")
    print("  rows:")
    for table, count in report["counts"].items():
        print(f"    {table:<22} {count:>7}")
    print(f"    {'total':<22} {sum(report['counts'].values()):>7}")
    broken = {rule: n for rule, n in report["rule_breaches"].items() if n}
    if broken:
        for rule, n in broken.items():
            print(f"  RULE BROKEN: {rule}: {n} rows", file=sys.stderr)
    else:
        print(f"  all {len(report['rule_breaches'])} rule checks pass")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    report = seed(args.database_url, args.seed, args.today)
    print_report(report)
    return 1 if any(report["rule_breaches"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
