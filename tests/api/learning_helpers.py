"""A small school, built through the real services, for learning tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from tests.api.helpers import Client, bearer, sign_in
from tests.api.people_helpers import Person, seed_subject
from tests.factories import DEFAULT_PASSWORD
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import NewUser, Role


@dataclass
class School:
    client: Client
    container: Container
    people: dict[str, Person] = field(default_factory=dict)
    subjects: dict[str, UUID] = field(default_factory=dict)
    enrollments: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Person:
        return self.people[name]

    async def add(self, name: str, role: Role, **profile: Any) -> Person:
        """An account with a known password, signed in."""
        async with self.container.unit_of_work() as uow:
            account = await uow.people.create_account(
                NewUser(
                    email=f"{name}@school.test",
                    first_name=name.replace("_", " ").title(),
                    last_name="Test",
                    role=role,
                    password_hash=await self.container.hasher.hash(DEFAULT_PASSWORD),
                ),
                profile,
            )
            await uow.commit()
        tokens = await sign_in(self.client, f"{name}@school.test", DEFAULT_PASSWORD)
        self.people[name] = Person(
            account.user.id, f"{name}@school.test", bearer(tokens["access_token"]), role
        )
        return self.people[name]

    async def sign_in_again(self) -> None:
        """New access tokens for everyone (after the test moved the clock past their life)."""
        for name, person in self.people.items():
            tokens = await sign_in(self.client, person.email, DEFAULT_PASSWORD)
            self.people[name] = Person(
                person.id, person.email, bearer(tokens["access_token"]), person.role
            )

    async def teaches(self, teacher: str, *subjects: str) -> None:
        async with self.container.unit_of_work() as uow:
            await uow.people.set_teacher_subjects(
                self[teacher].id, [self.subjects[s] for s in subjects]
            )
            await uow.commit()

    async def enroll(
        self, student: str, subject: str, teacher: str, by: str = "admin", **extra: Any
    ) -> dict[str, Any]:
        response = await self.client.post(
            "/api/v1/enrollments",
            json={
                "student_id": str(self[student].id),
                "subject_id": str(self.subjects[subject]),
                "teacher_id": str(self[teacher].id),
                **extra,
            },
            headers=self[by].headers,
        )
        assert response.status_code == 201, response.text
        enrollment: dict[str, Any] = response.json()
        self.enrollments[f"{student}:{subject}:{teacher}"] = enrollment
        return enrollment


async def build_school(client: Client, container: Container) -> School:
    """Two families with a tutor each, two teachers, three subjects, enrollments:

    - ann (tutor: tina, parent: paula): maths with teo, english with tara
    - bob (tutor: tina, parent: paula): maths with teo
    - cid (tutor: tom, parent: pete): physics with tara
    """
    school = School(client, container)
    for subject in ("Mathematics", "English", "Physics"):
        school.subjects[subject] = await seed_subject(container, subject)
    await school.add("admin", Role.ADMIN)
    await school.add("teo", Role.TEACHER)
    await school.add("tara", Role.TEACHER)
    await school.add("tina", Role.TUTOR, specialization="Exams")
    await school.add("tom", Role.TUTOR, specialization="Languages")
    await school.add("paula", Role.PARENT)
    await school.add("pete", Role.PARENT)
    await school.add(
        "ann", Role.STUDENT, grade=8, tutor_id=school["tina"].id, parent_id=school["paula"].id
    )
    await school.add(
        "bob", Role.STUDENT, grade=6, tutor_id=school["tina"].id, parent_id=school["paula"].id
    )
    await school.add(
        "cid", Role.STUDENT, grade=10, tutor_id=school["tom"].id, parent_id=school["pete"].id
    )
    await school.teaches("teo", "Mathematics")
    await school.teaches("tara", "English", "Physics")
    await school.enroll("ann", "Mathematics", "teo")
    await school.enroll("ann", "English", "tara", by="tina")
    await school.enroll("bob", "Mathematics", "teo")
    await school.enroll("cid", "Physics", "tara", by="tom")
    return school
