"""Reading materials costs a fixed number of SQL statements, however many there are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest

from tests.api.helpers import Client
from tests.api.learning_helpers import School, build_school
from tests.api.material_helpers import MATERIALS
from thebot.bootstrap import Container
from thebot.domain.learning.materials import (
    MaterialStatus,
    MaterialType,
    NewMaterial,
    Progress,
)

# Signing the caller in (user with session), the total, and the page.
LIST_STATEMENTS = 3
# Signing the caller in, the material with its counts, its students with their progress.
DETAIL_STATEMENTS = 3


def plus_begin(school: School, statements: int) -> int:
    """SQLite's transactions start with an explicit BEGIN IMMEDIATE, counted as a statement."""
    return statements + (school.container.engine.dialect.name == "sqlite")


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def add_materials(school: School, count: int) -> None:
    """``count`` active maths materials by teo for ann and bob, ann halfway through each."""
    now = school.container.clock.now()
    async with school.container.unit_of_work() as uow:
        for n in range(count):
            material_id = await uow.materials.add(
                NewMaterial(
                    author_id=school["teo"].id,
                    subject_id=school.subjects["Mathematics"],
                    title=f"Sheet {n}",
                    description=None,
                    content="x" * 1000,
                    type=MaterialType.PRACTICE,
                    status=MaterialStatus.ACTIVE,
                    difficulty=2,
                    video_url=None,
                    published_at=now,
                    created_at=now,
                )
            )
            await uow.materials.set_students(material_id, [school["ann"].id, school["bob"].id], now)
            await uow.materials.save_progress(
                material_id,
                school["ann"].id,
                Progress(
                    progress_percentage=100 if n % 2 else 50,
                    time_spent_minutes=10,
                    started_at=now,
                    completed_at=now if n % 2 else None,
                    last_accessed_at=now,
                ),
                new=True,
            )
        await uow.commit()


async def cost(
    school: School, count_statements: Callable[[], Any], viewer: str
) -> tuple[int, dict[str, Any]]:
    with count_statements() as counter:
        response = await school.client.get(
            MATERIALS, params={"limit": 100}, headers=school[viewer].headers
        )
    assert response.status_code == 200, response.text
    return counter.count, response.json()


@pytest.mark.parametrize("viewer", ["teo", "ann", "tina", "admin"])
async def test_the_material_list_costs_the_same_for_3_and_300(
    school: School, count_statements: Callable[[], Any], viewer: str
) -> None:
    await add_materials(school, 3)
    small, page = await cost(school, count_statements, viewer)
    assert (page["total"], len(page["items"])) == (3, 3)
    await add_materials(school, 297)
    large, page = await cost(school, count_statements, viewer)
    assert (page["total"], len(page["items"])) == (300, 100)
    assert small == large == plus_begin(school, LIST_STATEMENTS)
    # Every other sheet is completed by ann; counts and progress are read along, not fetched.
    items = page["items"]
    if viewer in ("teo", "admin"):
        assert {(i["assigned_count"], i["completed_count"]) for i in items} == {(2, 0), (2, 1)}
    if viewer == "ann":
        assert {i["progress"]["progress_percentage"] for i in items} == {50, 100}
        assert {i["progress"]["time_spent_minutes"] for i in items} == {10}


async def test_one_material_with_its_students_costs_the_same_for_2_and_200(
    school: School, count_statements: Callable[[], Any]
) -> None:
    from thebot.adapters.db.models import UserModel

    await add_materials(school, 1)
    page = (await school.client.get(MATERIALS, headers=school["teo"].headers)).json()
    material_id = page["items"][0]["id"]

    async def detail() -> tuple[int, list[dict[str, Any]]]:
        with count_statements() as counter:
            response = await school.client.get(
                f"{MATERIALS}/{material_id}", headers=school["teo"].headers
            )
        assert response.status_code == 200, response.text
        return counter.count, response.json()["students"]

    few, students = await detail()
    assert len(students) == 2
    # Assignments are written straight to the store: the API would (rightly) ask for
    # 198 enrollments first, which this count does not depend on.
    async with school.container.unit_of_work() as uow:
        pupils = [
            UserModel(
                email=f"pupil{n}@school.test",
                first_name="Pupil",
                last_name=f"{n:03}",
                role="student",
                password_hash="-",
            )
            for n in range(198)
        ]
        uow.session.add_all(pupils)
        await uow.session.flush()
        ids = [school["ann"].id, school["bob"].id, *(p.id for p in pupils)]
        await uow.materials.set_students(UUID(material_id), ids, school.container.clock.now())
        await uow.commit()
    many, students = await detail()
    assert len(students) == 200
    assert few == many == plus_begin(school, DETAIL_STATEMENTS)
