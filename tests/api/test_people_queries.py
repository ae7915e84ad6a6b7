"""Lists cost a fixed number of SQL statements, whatever their size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.api.helpers import Client
from tests.api.people_helpers import make_admin, seed_subject
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import NewUser, Role


async def add_people(container: Container, count: int, start: int) -> None:
    subject = await seed_subject(container, f"Subject {start}")
    async with container.unit_of_work() as uow:
        tutor = await uow.people.create_account(
            NewUser(
                email=f"tutor{start}@example.org",
                first_name="T",
                last_name="T",
                role=Role.TUTOR,
                password_hash="x",
            ),
            {"specialization": "Exams"},
        )
        for n in range(start, start + count):
            role = (Role.STUDENT, Role.TEACHER, Role.PARENT)[n % 3]
            profile: dict[str, Any] = (
                {"grade": 5, "tutor_id": tutor.user.id} if role is Role.STUDENT else {}
            )
            account = await uow.people.create_account(
                NewUser(
                    email=f"p{n}@example.org",
                    first_name="P",
                    last_name=f"{n:05d}",
                    role=role,
                    password_hash="x",
                ),
                profile,
            )
            if role is Role.TEACHER:
                await uow.people.set_teacher_subjects(account.user.id, [subject])
        await uow.commit()


async def test_user_list_costs_the_same_for_5_and_60_people(
    client: Client, container: Container, count_statements: Callable[[], Any]
) -> None:
    admin = await make_admin(client, container)

    async def statements_for_listing() -> int:
        with count_statements() as counter:
            response = await client.get(
                "/api/v1/admin/users",
                params={"limit": 100, "sort": "last_name"},
                headers=admin.headers,
            )
        assert response.status_code == 200
        return counter.count

    await add_people(container, 5, 0)
    small = await statements_for_listing()
    await add_people(container, 55, 5)
    large = await statements_for_listing()
    body = (
        await client.get("/api/v1/admin/users", params={"limit": 100}, headers=admin.headers)
    ).json()
    assert body["total"] == 1 + 1 + 5 + 1 + 55  # admin, two tutors, everyone else
    teachers = [i for i in body["items"] if i["user"]["role"] == "teacher"]
    assert teachers
    assert all(len(t["profile"]["subject_ids"]) == 1 for t in teachers)
    assert small == large
    assert large <= 6  # the sign-in check, the count, the page, the teachers' subjects


async def test_assigning_children_costs_the_same_for_2_and_20_students(
    client: Client, container: Container, count_statements: Callable[[], Any]
) -> None:
    admin = await make_admin(client, container)
    async with container.unit_of_work() as uow:
        parents = [
            await uow.people.create_account(
                NewUser(
                    email=f"mum{n}@example.org",
                    first_name="M",
                    last_name="M",
                    role=Role.PARENT,
                    password_hash="x",
                ),
                {},
            )
            for n in range(2)
        ]
        kids = [
            await uow.people.create_account(
                NewUser(
                    email=f"kid{n}@example.org",
                    first_name="K",
                    last_name=f"{n:03d}",
                    role=Role.STUDENT,
                    password_hash="x",
                ),
                {"grade": 5},
            )
            for n in range(20)
        ]
        await uow.commit()

    async def cost(parent: Any, students: list[Any]) -> int:
        with count_statements() as counter:
            response = await client.post(
                f"/api/v1/admin/parents/{parent.user.id}/children",
                json={"student_ids": [str(s.user.id) for s in students]},
                headers=admin.headers,
            )
        assert response.status_code == 200, response.text
        assert [a["user"]["id"] for a in response.json()] == [str(s.user.id) for s in students]
        return counter.count

    assert await cost(parents[0], kids[:2]) == await cost(parents[1], kids)
    trail = await client.get(
        "/api/v1/admin/audit",
        params={"action": "student.parent_assigned", "limit": 100},
        headers=admin.headers,
    )
    assert trail.json()["total"] == 22
