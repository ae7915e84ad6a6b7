"""The compare profile's learning content: materials, progress, homework and reports.

20 active materials per teacher assigned to their students, 10 progress records per student,
5 published homework assignments per teacher with about half of the students handing in (some
graded), and one sent report per student from its tutor to its parent.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from thebot.adapters.db.models.materials import MATERIAL_TYPES
from thebot.entrypoints.seeds.scale_plan import School

MATERIALS_PER_TEACHER = 20
PROGRESS_PER_STUDENT = 10
HOMEWORK_PER_TEACHER = 5
SUBMISSION_SHARE = 0.5
GRADED_SHARE = 0.4


def content(school: School) -> None:
    rng, rows, now, today = school.rng, school.rows, school.now, school.today
    sentence, ago = school.sentence, school.ago
    subject_of = {e.teacher: e.subject for e in school.enrollments}
    students_of: dict[uuid.UUID, list[uuid.UUID]] = {t: [] for t in school.teachers}
    teachers_of: dict[uuid.UUID, list[uuid.UUID]] = {s: [] for s in school.students}
    for e in school.enrollments:
        students_of[e.teacher].append(e.student)
        teachers_of[e.student].append(e.teacher)

    materials_of: dict[uuid.UUID, list[uuid.UUID]] = {}
    for teacher in school.teachers:
        materials_of[teacher] = []
        for n in range(MATERIALS_PER_TEACHER):
            material_id = school.ids.new()
            materials_of[teacher].append(material_id)
            published = ago(rng.uniform(1, 120))
            rows.add(
                "materials",
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
                    "material_assignments",
                    {"material_id": material_id, "student_id": student, "assigned_at": published},
                )

    for student in school.students:
        assigned = [m for t in teachers_of[student] for m in materials_of[t]]
        for material_id in rng.sample(assigned, PROGRESS_PER_STUDENT):
            percentage = rng.choice((10, 25, 40, 50, 60, 75, 90, 100, 100))
            started = ago(rng.uniform(10, 60))
            last = started + timedelta(days=rng.uniform(0, 9))
            rows.add(
                "material_progress",
                {
                    "id": school.ids.new(),
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

    for teacher in school.teachers:
        for n in range(HOMEWORK_PER_TEACHER):
            assignment_id = school.ids.new()
            # Two deadlines passed, three to come.
            due = now + timedelta(days=(-10, -3, 2, 6, 12)[n], hours=rng.randint(0, 8))
            published = due - timedelta(days=7)
            rows.add(
                "assignments",
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
                    "assignment_students", {"assignment_id": assignment_id, "student_id": student}
                )
                if rng.random() >= SUBMISSION_SHARE:
                    continue
                latest = min(now, due + timedelta(days=2))
                submitted = published + (latest - published) * rng.uniform(0.1, 1.0)
                graded = submitted < now - timedelta(days=1) and rng.random() < GRADED_SHARE
                graded_at = submitted + (now - submitted) * rng.uniform(0.1, 0.9)
                late = submitted > due
                submission_id = school.ids.new()
                rows.add(
                    "submissions",
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
                    "submission_versions",
                    {
                        "id": school.ids.new(),
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

    for student in school.students:
        report_id = school.ids.new()
        sent = ago(rng.uniform(0.5, 6))
        rows.add(
            "reports",
            {
                "id": report_id,
                "author_id": school.tutor_of[student],
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
            "report_recipients",
            {
                "report_id": report_id,
                "recipient_id": school.parent_of[student],
                "read_at": sent + timedelta(hours=rng.uniform(1, 10)) if read else None,
            },
        )
