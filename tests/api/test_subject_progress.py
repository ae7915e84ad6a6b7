"""The per-subject progress summary that tutor and parent dashboards read stays exact through
every write that changes it: assigning, unassigning, progress, status, subject, deletion."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import and_, func, select

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.material_helpers import MATERIALS, progress, publish
from tests.api.people_helpers import ADMIN_USERS
from thebot.adapters.db.models import (
    MaterialAssignmentModel,
    MaterialModel,
    MaterialProgressModel,
    SubjectProgressModel,
)
from thebot.bootstrap import Container

MA, MP, SP = MaterialAssignmentModel, MaterialProgressModel, SubjectProgressModel


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def summary(container: Container) -> dict[tuple[Any, Any], tuple[int, int]]:
    """The summary's non-empty rows: (student, subject) -> (assigned, progress total)."""
    async with container.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(SP.student_id, SP.subject_id, SP.assigned, SP.progress_total).where(
                SP.assigned != 0
            )
        )
        return {(s, j): (int(a), int(t)) for s, j, a, t in rows}


async def recomputed(container: Container) -> dict[tuple[Any, Any], tuple[int, int]]:
    """The same figures aggregated from the materials themselves."""
    async with container.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(
                MA.student_id,
                MaterialModel.subject_id,
                func.count(),
                func.sum(func.coalesce(MP.progress_percentage, 0)),
            )
            .join(
                MaterialModel,
                and_(MaterialModel.id == MA.material_id, MaterialModel.status == "active"),
            )
            .outerjoin(MP, and_(MP.material_id == MA.material_id, MP.student_id == MA.student_id))
            .group_by(MA.student_id, MaterialModel.subject_id)
        )
        return {(s, j): (int(a), int(t)) for s, j, a, t in rows}


async def assert_exact(container: Container) -> dict[tuple[Any, Any], tuple[int, int]]:
    kept = await summary(container)
    assert kept == await recomputed(container)
    return kept


async def patch(school: School, material: dict[str, Any], **fields: Any) -> None:
    response = await school.client.patch(
        f"{MATERIALS}/{material['id']}", json=fields, headers=school["teo"].headers
    )
    assert response.status_code == 200, response.text


async def test_every_write_keeps_the_summary_exact(school: School, container: Container) -> None:
    ann, bob = school["ann"].id, school["bob"].id
    maths = school.subjects["Mathematics"]
    first = await publish(school, "teo", "Mathematics", ("ann", "bob"), status="active")
    second = await publish(school, "teo", "Mathematics", ("ann",), status="active")
    assert await assert_exact(container) == {(ann, maths): (2, 0), (bob, maths): (1, 0)}

    assert (await progress(school, "ann", first, 40)).status_code == 200
    assert (await progress(school, "ann", second, 100)).status_code == 200
    assert (await progress(school, "bob", first, 10)).status_code == 200
    assert (await progress(school, "ann", first, 70)).status_code == 200  # an update, not a row
    assert await assert_exact(container) == {(ann, maths): (2, 170), (bob, maths): (1, 10)}

    await patch(school, first, student_ids=[str(ann)])  # bob taken off: his progress unseen
    assert await assert_exact(container) == {(ann, maths): (2, 170)}
    await patch(school, first, student_ids=[str(ann), str(bob)])  # back, with his progress
    assert await assert_exact(container) == {(ann, maths): (2, 170), (bob, maths): (1, 10)}

    await patch(school, second, status="archived")
    assert await assert_exact(container) == {(ann, maths): (1, 70), (bob, maths): (1, 10)}
    await patch(school, second, status="active")
    assert await assert_exact(container) == {(ann, maths): (2, 170), (bob, maths): (1, 10)}
    await patch(school, second, title="Renamed")  # no counted field: nothing moves
    assert await assert_exact(container) == {(ann, maths): (2, 170), (bob, maths): (1, 10)}

    deleted = await school.client.delete(
        f"{MATERIALS}/{first['id']}", headers=school["teo"].headers
    )
    assert deleted.status_code == 204
    assert await assert_exact(container) == {(ann, maths): (1, 100)}


async def test_a_move_to_another_subject_moves_the_progress(
    school: School, container: Container
) -> None:
    material = await publish(school, "tara", "English", ("ann",), status="active")
    assert (await progress(school, "ann", material, 60)).status_code == 200
    english, physics = school.subjects["English"], school.subjects["Physics"]
    assert await assert_exact(container) == {(school["ann"].id, english): (1, 60)}
    moved = await school.client.patch(
        f"{MATERIALS}/{material['id']}",
        json={"subject_id": str(physics), "student_ids": [str(school["cid"].id)]},
        headers=school["tara"].headers,
    )
    assert moved.status_code == 200, moved.text
    assert await assert_exact(container) == {(school["cid"].id, physics): (1, 0)}


async def test_a_refused_change_moves_nothing(school: School, container: Container) -> None:
    material = await publish(school, "teo", "Mathematics", ("ann",), status="active")
    assert (await progress(school, "ann", material, 30)).status_code == 200
    before = await assert_exact(container)
    refused = await school.client.patch(
        f"{MATERIALS}/{material['id']}",
        json={"student_ids": [str(school["cid"].id)]},  # not teo's student in Mathematics
        headers=school["teo"].headers,
    )
    assert refused.status_code == 400
    assert (await progress(school, "ann", material, 101)).status_code == 400
    assert (await progress(school, "cid", material, 50)).status_code == 404
    assert await assert_exact(container) == before


async def test_concurrent_writes_on_one_material_add_up(
    school: School, container: Container
) -> None:
    material = await publish(school, "teo", "Mathematics", ("ann", "bob"), status="active")
    answers = await asyncio.gather(
        progress(school, "ann", material, 20),
        progress(school, "bob", material, 30),
        school.client.patch(
            f"{MATERIALS}/{material['id']}",
            json={"status": "archived"},
            headers=school["teo"].headers,
        ),
        progress(school, "ann", material, 50),
    )
    assert all(a.status_code in (200, 404, 409) for a in answers), [a.text for a in answers]
    await assert_exact(container)
    await patch(school, material, status="active")
    await assert_exact(container)


async def test_a_deleted_student_leaves_nothing_behind_and_a_teacher_stays(
    school: School, container: Container
) -> None:
    maths = school.subjects["Mathematics"]
    material = await publish(school, "teo", "Mathematics", ("ann", "bob"), status="active")
    other = await publish(school, "tara", "English", ("ann",), status="active")
    assert (await progress(school, "ann", material, 40)).status_code == 200
    assert (await progress(school, "ann", other, 80)).status_code == 200
    before = await assert_exact(container)

    def delete(name: str) -> Any:
        return school.client.delete(
            f"{ADMIN_USERS}/{school[name].id}",
            params={"permanent": "true"},
            headers=school["admin"].headers,
        )

    # Enrollments keep their teacher: a clear refusal, and nothing moves.
    assert_problem(await delete("teo"), 409)
    assert await assert_exact(container) == before
    assert (await delete("ann")).status_code == 204
    assert await assert_exact(container) == {(school["bob"].id, maths): (1, 0)}
