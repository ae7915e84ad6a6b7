"""The "school" profile's people: a school-sized roster in the proportions of a real one.

By default 2,000 students, 100 teachers (one subject each), 20 tutors (a block of students
each, so siblings share a tutor), 1,500 parents (the first ones with two children), and three
enrollments per student in three different subjects, the teachers of a subject taking turns.
About one student in twenty has ended one of their enrollments.
"""

from __future__ import annotations

import uuid

from thebot.entrypoints.seeds.scale_people import (
    add_enrollment,
    add_profiles,
    add_subjects,
    add_teacher_subjects,
)
from thebot.entrypoints.seeds.scale_plan import ENROLLMENTS_PER_STUDENT, School, SchoolSize

ENDED_SHARE = 0.05


def people(school: School, size: SchoolSize, password_hash: str) -> uuid.UUID:
    """Users, profiles, subjects, teacher subjects and enrollments; returns the admin's id."""
    rng = school.rng
    width = max(3, len(str(max(size.students, size.parents, size.teachers))))

    def users(role: str, count: int, admin: uuid.UUID) -> list[uuid.UUID]:
        return [
            school.user(f"{role}{i:0{width}d}", role, admin, password_hash)
            for i in range(1, count + 1)
        ]

    admin = school.user("admin", "admin", None, password_hash)
    school.teachers = users("teacher", size.teachers, admin)
    school.tutors = users("tutor", size.tutors, admin)
    school.students = users("student", size.students, admin)
    school.parents = users("parent", size.parents, admin)
    students = school.students

    # The first (students - parents) parents have two children, the others one.
    twins = size.students - size.parents
    for k, parent in enumerate(school.parents):
        children = (2 * k, 2 * k + 1) if k < twins else (k + twins,)
        for child in children:
            school.parent_of[students[child]] = parent
    per_tutor = -(-size.students // size.tutors)
    for i, student in enumerate(students):
        school.tutor_of[student] = school.tutors[i // per_tutor]

    add_profiles(school)
    subjects = add_subjects(school)
    subject_of = {t: subjects[i % len(subjects)] for i, t in enumerate(school.teachers)}
    add_teacher_subjects(school, subject_of)

    teachers_of: dict[uuid.UUID, list[uuid.UUID]] = {s: [] for s in subjects}
    for teacher, subject in subject_of.items():
        teachers_of[subject].append(teacher)
    turn = dict.fromkeys(subjects, 0)
    for student in students:
        ends = rng.random() < ENDED_SHARE
        for n, subject in enumerate(rng.sample(subjects, ENROLLMENTS_PER_STUDENT)):
            candidates = teachers_of[subject]
            teacher = candidates[turn[subject] % len(candidates)]
            turn[subject] += 1
            # Only the last enrollment of a student ever ends: two stay active.
            ended = rng.uniform(5, 60) if ends and n == ENROLLMENTS_PER_STUDENT - 1 else None
            add_enrollment(
                school,
                student,
                subject,
                teacher,
                started_days_ago=(90, 300),
                ended_days_ago=ended,
            )
    return admin
