"""The "compare" profile: the data set the system we replace was measured on.

1 admin, 50 teachers, 10 tutors, 500 students, 300 parents (parents 1-200 have two children),
6 subjects, one subject per teacher, 3 enrollments per student (3 different subjects, every
teacher 30 students); the learning content follows in ``scale_content``.
"""

from __future__ import annotations

import uuid

from thebot.entrypoints.seeds.scale_people import (
    add_enrollment,
    add_profiles,
    add_subjects,
    add_teacher_subjects,
)
from thebot.entrypoints.seeds.scale_plan import ENROLLMENTS_PER_STUDENT, School

TEACHERS, TUTORS, STUDENTS, PARENTS = 50, 10, 500, 300
PARENTS_WITH_TWO_CHILDREN = 200


def people(school: School, password_hash: str) -> uuid.UUID:
    """Users, profiles, subjects, teacher subjects and enrollments; returns the admin's id."""
    rng = school.rng

    def user(name: str, role: str, created_by: uuid.UUID | None) -> uuid.UUID:
        return school.user(name, role, created_by, password_hash)

    admin = user("admin", "admin", None)
    teachers = [user(f"teacher{i:03d}", "teacher", admin) for i in range(1, TEACHERS + 1)]
    tutors = [user(f"tutor{i:03d}", "tutor", admin) for i in range(1, TUTORS + 1)]
    students = [user(f"student{i:03d}", "student", admin) for i in range(1, STUDENTS + 1)]
    parents = [user(f"parent{i:03d}", "parent", admin) for i in range(1, PARENTS + 1)]
    school.teachers, school.tutors = teachers, tutors
    school.students, school.parents = students, parents

    # Parents 1-200 have students 2k-1 and 2k; parents 201-300 one student each (401-500).
    parent_of = school.parent_of
    for k, parent in enumerate(parents):
        children = (2 * k, 2 * k + 1) if k < PARENTS_WITH_TWO_CHILDREN else (k + 200,)
        for child in children:
            parent_of[students[child]] = parent
    # Tutors take blocks of 50 (tutor001: student001-050), so siblings share a tutor.
    per_tutor = STUDENTS // TUTORS
    tutor_of = school.tutor_of
    tutor_of.update({student: tutors[i // per_tutor] for i, student in enumerate(students)})

    add_profiles(school)
    subjects = add_subjects(school)
    subject_of = {teacher: subjects[i % len(subjects)] for i, teacher in enumerate(teachers)}
    add_teacher_subjects(school, subject_of)

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
    for i, student in enumerate(dealt):
        for round_ in range(ENROLLMENTS_PER_STUDENT):
            subject, teacher = places[i + round_ * STUDENTS]
            add_enrollment(school, student, subject, teacher, started_days_ago=(30, 180))
    return admin
