"""Rows every profile shares: profiles, subjects, teacher subjects, enrollments."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

from thebot.entrypoints.seeds.scale_plan import SUBJECTS, Enrollment, School


def add_profiles(school: School) -> None:
    """The profile of every student, teacher, tutor and parent, in that order."""
    rng, rows = school.rng, school.rows
    for student in school.students:
        rows.add(
            "student_profiles",
            {
                "user_id": student,
                "grade": rng.randint(5, 11),
                "goal": school.sentence(6),
                "tutor_id": school.tutor_of[student],
                "parent_id": school.parent_of[student],
                "telegram": None,
                "staff_notes": None,
            },
        )
    for teacher in school.teachers:
        rows.add(
            "teacher_profiles",
            {
                "user_id": teacher,
                "bio": school.sentence(12),
                "experience_years": rng.randint(1, 30),
                "telegram": None,
            },
        )
    for tutor in school.tutors:
        rows.add(
            "tutor_profiles",
            {
                "user_id": tutor,
                "specialization": "Exam preparation",
                "bio": school.sentence(12),
                "experience_years": rng.randint(1, 20),
                "telegram": None,
            },
        )
    for parent in school.parents:
        rows.add(
            "parent_profiles",
            {
                "user_id": parent,
                "telegram": None,
                "notify_by_telegram": False,
                "notify_by_email": True,
            },
        )


def add_subjects(school: School) -> list[uuid.UUID]:
    subjects = []
    for name, color in SUBJECTS:
        subject_id = school.ids.new()
        subjects.append(subject_id)
        school.subject_names[subject_id] = name
        school.rows.add(
            "subjects",
            {
                "id": subject_id,
                "name": name,
                "description": f"{name} for school grades 5-11.",
                "color": color,
                "created_at": school.ago(500),
                "updated_at": school.ago(500),
            },
        )
    return subjects


def add_teacher_subjects(school: School, subject_of: dict[uuid.UUID, uuid.UUID]) -> None:
    for teacher, subject in subject_of.items():
        school.rows.add(
            "teacher_subjects",
            {
                "id": school.ids.new(),
                "teacher_id": teacher,
                "subject_id": subject,
                "is_active": True,
                "created_at": school.ago(450),
                "updated_at": school.ago(450),
            },
        )


def add_enrollment(
    school: School,
    student: uuid.UUID,
    subject: uuid.UUID,
    teacher: uuid.UUID,
    *,
    started_days_ago: tuple[float, float],
    ended_days_ago: float | None = None,
) -> Enrollment:
    rng = school.rng
    started = school.ago(rng.uniform(*started_days_ago))
    enrollment_id = school.ids.new()
    ended = None if ended_days_ago is None else school.ago(ended_days_ago)
    school.rows.add(
        "enrollments",
        {
            "id": enrollment_id,
            "student_id": student,
            "subject_id": subject,
            "teacher_id": teacher,
            "custom_subject_name": None,
            "assigned_by_id": school.tutor_of[student],
            "status": "active" if ended is None else "ended",
            "started_at": started,
            "ended_at": ended,
            "price_per_period": Decimal(rng.choice((2400, 3200, 4000, 4800))),
            "period_weeks": 4,
            "paid_until": school.today + timedelta(days=rng.randint(-5, 25)),
            "created_at": started,
            "updated_at": started if ended is None else ended,
        },
    )
    enrollment = Enrollment(
        id=enrollment_id,
        student=student,
        teacher=teacher,
        subject=subject,
        active=ended is None,
        started_at=started,
    )
    school.enrollments.append(enrollment)
    return enrollment
