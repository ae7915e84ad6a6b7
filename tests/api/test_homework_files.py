"""Homework files: accepted by content, at most 20 MB, read only by those the homework is for;
a refused upload stores nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.homework_helpers import (
    ASSIGNMENTS,
    PDF,
    PNG,
    PROGRAM,
    SUBMISSIONS,
    attach,
    hand_in,
    media_files,
    read,
    set_homework,
    stored_file_rows,
)
from tests.api.learning_helpers import School, build_school
from thebot.bootstrap import Container
from thebot.config import Settings

MB = 1024 * 1024


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.fixture
async def homework(school: School) -> dict[str, Any]:
    return await set_homework(school)


async def nothing_stored(school: School, settings: Settings) -> None:
    assert media_files(settings) == []
    assert await stored_file_rows(school.container) == 0


async def test_files_are_judged_by_content_not_by_name(
    school: School, homework: dict[str, Any], settings: Settings
) -> None:
    refused = await attach(school, "teo", homework, PROGRAM, "task.pdf")
    assert_problem(refused, 400, fields=["file"])
    work = await hand_in(school, "ann", homework, "see file", ("answer.pdf", PROGRAM, "x/pdf"))
    assert_problem(work, 400, fields=["file"])
    await nothing_stored(school, settings)
    assert (await read(school, "teo", f"{ASSIGNMENTS}/{homework['id']}")).json()[
        "attachments"
    ] == []
    assert (await read(school, "ann", SUBMISSIONS)).json()["total"] == 0
    # A picture named like a document is stored as what it is.
    picture = await attach(school, "teo", homework, PNG, "scan.pdf")
    assert (picture.json()["name"], picture.json()["content_type"]) == ("scan.pdf.png", "image/png")


@pytest.mark.parametrize("size", [20 * MB + 1, 21 * MB], ids=["just-over", "far-over"])
async def test_files_over_20_mb_are_413(
    school: School, homework: dict[str, Any], settings: Settings, size: int
) -> None:
    big = PDF + b"\0" * (size - len(PDF))
    assert_problem(await attach(school, "teo", homework, big), 413)
    assert_problem(
        await hand_in(school, "ann", homework, file=("big.pdf", big, "application/pdf")), 413
    )
    await nothing_stored(school, settings)
    assert (await read(school, "ann", SUBMISSIONS)).json()["total"] == 0


async def test_a_file_of_20_mb_is_taken(
    school: School, homework: dict[str, Any], settings: Settings
) -> None:
    # Above the API's usual body limit: homework uploads have their own.
    exactly = PDF + b"\0" * (20 * MB - len(PDF))
    assert (await attach(school, "teo", homework, exactly)).json()["size"] == 20 * MB
    work = await hand_in(school, "ann", homework, "x" * 20_000, ("a.pdf", exactly, "x/y"))
    assert work.status_code == 201, work.text
    assert [f.stat().st_size for f in media_files(settings)] == [20 * MB, 20 * MB]


async def test_only_the_author_attaches(
    school: School, homework: dict[str, Any], settings: Settings
) -> None:
    for who, status in (("tara", 404), ("cid", 404), ("ann", 403), ("tina", 403), ("admin", 403)):
        assert_problem(await attach(school, who, homework), status)
    await nothing_stored(school, settings)
    url = f"{ASSIGNMENTS}/{homework['id']}/attachments"
    as_json = await school.client.post(url, json={"file": "x"}, headers=school["teo"].headers)
    assert_problem(as_json, 415)
    no_file = await school.client.post(
        url, files={"other": ("a.pdf", PDF, "application/pdf")}, headers=school["teo"].headers
    )
    assert_problem(no_file, 400)
    empty = await attach(school, "teo", homework, b"")
    assert_problem(empty, 400, fields=["file"])
    await nothing_stored(school, settings)


async def test_homework_carries_at_most_ten_files(school: School, homework: dict[str, Any]) -> None:
    for n in range(10):
        assert (await attach(school, "teo", homework, name=f"{n}.pdf")).status_code == 201
    assert_problem(await attach(school, "teo", homework), 409)
    assert await stored_file_rows(school.container) == 10


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("teo", 200),
        ("admin", 200),
        ("ann", 200),
        ("bob", 200),
        ("cid", 404),
        ("tara", 404),
        ("tina", 404),
        ("paula", 404),
    ],
)
async def test_who_downloads_attachments(
    school: School, homework: dict[str, Any], viewer: str, status: int
) -> None:
    attachment = (await attach(school, "teo", homework)).json()
    got = await read(
        school, viewer, f"{ASSIGNMENTS}/{homework['id']}/attachments/{attachment['id']}"
    )
    if status == 200:
        assert got.content == PDF
    else:
        assert_problem(got, status)


async def test_attachments_of_drafts_and_of_other_homework_are_404(
    school: School, homework: dict[str, Any]
) -> None:
    draft = await set_homework(school, status="draft")
    in_draft = (await attach(school, "teo", draft)).json()
    assert_problem(
        await read(school, "ann", f"{ASSIGNMENTS}/{draft['id']}/attachments/{in_draft['id']}"),
        404,
    )
    # A file is only reachable through the homework it is attached to.
    assert_problem(
        await read(school, "ann", f"{ASSIGNMENTS}/{homework['id']}/attachments/{in_draft['id']}"),
        404,
    )
    assert_problem(
        await read(school, "teo", f"{ASSIGNMENTS}/{homework['id']}/attachments/{homework['id']}"),
        404,
    )


async def test_removing_an_attachment_removes_the_file(
    school: School, homework: dict[str, Any], settings: Settings
) -> None:
    attachment = (await attach(school, "teo", homework)).json()
    url = f"{ASSIGNMENTS}/{homework['id']}/attachments/{attachment['id']}"
    for who, status in (("tara", 404), ("ann", 403), ("admin", 403)):
        assert_problem(await school.client.delete(url, headers=school[who].headers), status)
    assert len(media_files(settings)) == 1
    assert (await school.client.delete(url, headers=school["teo"].headers)).status_code == 204
    await nothing_stored(school, settings)
    assert_problem(await read(school, "ann", url), 404)
    assert_problem(await school.client.delete(url, headers=school["teo"].headers), 404)


async def test_removing_homework_removes_its_files(
    school: School, homework: dict[str, Any], settings: Settings
) -> None:
    await attach(school, "teo", homework)
    await attach(school, "teo", homework, PNG, "diagram.png")
    assert len(media_files(settings)) == 2
    deleted = await school.client.delete(
        f"{ASSIGNMENTS}/{homework['id']}", headers=school["teo"].headers
    )
    assert deleted.status_code == 204
    await nothing_stored(school, settings)
