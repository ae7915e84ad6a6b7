"""A material's file: accepted by content, replaced and discarded, served only to its readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.material_helpers import MATERIALS, publish
from thebot.adapters.db.models import StoredFileModel
from thebot.bootstrap import Container
from thebot.config import Settings

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.fixture
async def material(school: School) -> dict[str, Any]:
    """Teo's active maths material for ann (bob learns maths with teo too, but is not on it)."""
    return await publish(school, "teo", "Mathematics", ("ann",), status="active")


def media_files(settings: Settings) -> list[Path]:
    return sorted(p for p in settings.media_path.rglob("*") if p.is_file())


async def stored_rows(container: Container) -> int:
    async with container.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(StoredFileModel)) or 0)


async def upload(
    school: School, who: str, material: dict[str, Any], content: bytes, name: str = "notes.pdf"
) -> Any:
    return await school.client.put(
        f"{MATERIALS}/{material['id']}/file",
        files={"file": (name, content, "application/pdf")},
        headers=school[who].headers,
    )


def file_url(material: dict[str, Any]) -> str:
    return f"{MATERIALS}/{material['id']}/file"


async def test_the_author_attaches_a_file_its_students_download(
    school: School, material: dict[str, Any], settings: Settings
) -> None:
    response = await upload(school, "teo", material, PDF, "Chapter 1.pdf")
    assert response.status_code == 200, response.text
    assert response.json()["file"] == {
        "name": "Chapter 1.pdf",
        "size": len(PDF),
        "content_type": "application/pdf",
    }
    assert [p.parent.name for p in media_files(settings)] == ["materials"]
    listed = (await school.client.get(MATERIALS, headers=school["ann"].headers)).json()
    assert listed["items"][0]["file"] == response.json()["file"]
    for reader in ("ann", "teo", "admin"):
        served = await school.client.get(file_url(material), headers=school[reader].headers)
        assert served.status_code == 200, reader
        assert served.content == PDF
        assert served.headers["content-type"] == "application/pdf"
        assert served.headers["content-disposition"] == (
            "attachment; filename=\"Chapter 1.pdf\"; filename*=UTF-8''Chapter%201.pdf"
        )
        assert served.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("reader", ["bob", "cid", "tara", "tina", "paula", "pete"])
async def test_nobody_else_downloads_it(
    school: School, material: dict[str, Any], reader: str
) -> None:
    assert (await upload(school, "teo", material, PDF)).status_code == 200
    assert_problem(await school.client.get(file_url(material), headers=school[reader].headers), 404)


async def test_students_download_only_while_the_material_is_active(
    school: School, material: dict[str, Any]
) -> None:
    await upload(school, "teo", material, PDF)
    await school.client.patch(
        f"{MATERIALS}/{material['id']}", json={"status": "archived"}, headers=school["teo"].headers
    )
    assert_problem(await school.client.get(file_url(material), headers=school["ann"].headers), 404)
    assert (
        await school.client.get(file_url(material), headers=school["teo"].headers)
    ).status_code == 200


async def test_a_material_without_a_file_has_none_to_give(
    school: School, material: dict[str, Any]
) -> None:
    for who in ("teo", "ann"):
        assert_problem(
            await school.client.get(file_url(material), headers=school[who].headers), 404
        )
    assert_problem(
        await school.client.delete(file_url(material), headers=school["teo"].headers), 404
    )


async def test_a_new_file_replaces_and_discards_the_old_one(
    school: School, material: dict[str, Any], settings: Settings, container: Container
) -> None:
    await upload(school, "teo", material, PDF, "old.pdf")
    old = media_files(settings)
    second = await upload(school, "teo", material, b"Plain notes, line one.\n", "new.txt")
    assert second.json()["file"]["name"] == "new.txt"
    assert second.json()["file"]["content_type"] == "text/plain; charset=utf-8"
    assert len(media_files(settings)) == 1
    assert media_files(settings) != old
    assert await stored_rows(container) == 1
    served = await school.client.get(file_url(material), headers=school["ann"].headers)
    assert served.content == b"Plain notes, line one.\n"


async def test_the_author_removes_the_file(
    school: School, material: dict[str, Any], settings: Settings, container: Container
) -> None:
    await upload(school, "teo", material, PDF)
    for who, status in [("ann", 403), ("admin", 403), ("tara", 404)]:
        assert_problem(
            await school.client.delete(file_url(material), headers=school[who].headers), status
        )
    assert len(media_files(settings)) == 1
    assert (
        await school.client.delete(file_url(material), headers=school["teo"].headers)
    ).status_code == 204
    assert media_files(settings) == []
    assert await stored_rows(container) == 0
    detail = await school.client.get(f"{MATERIALS}/{material['id']}", headers=school["teo"].headers)
    assert detail.json()["file"] is None


async def test_deleting_the_material_discards_its_file(
    school: School, material: dict[str, Any], settings: Settings, container: Container
) -> None:
    await upload(school, "teo", material, PDF)
    assert (
        await school.client.delete(f"{MATERIALS}/{material['id']}", headers=school["teo"].headers)
    ).status_code == 204
    assert media_files(settings) == []
    assert await stored_rows(container) == 0


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (HTML, "lesson.pdf"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "diagram.png"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "notes.pdf"),
        (b"PK\x03\x04" + b"\x00" * 40, "slides.pptx"),
        (b"", "empty.pdf"),
    ],
    ids=["html-as-pdf", "svg-as-png", "exe-as-pdf", "broken-zip", "empty"],
)
async def test_files_are_judged_by_content_and_refusals_store_nothing(
    school: School,
    material: dict[str, Any],
    settings: Settings,
    container: Container,
    content: bytes,
    name: str,
) -> None:
    assert_problem(await upload(school, "teo", material, content, name), 400, fields=["file"])
    assert media_files(settings) == []
    assert await stored_rows(container) == 0
    detail = await school.client.get(f"{MATERIALS}/{material['id']}", headers=school["teo"].headers)
    assert detail.json()["file"] is None


@pytest.mark.parametrize("size", [20 * 1024 * 1024 + 1, 21 * 1024 * 1024])
async def test_files_over_20_mb_are_413_and_store_nothing(
    school: School, material: dict[str, Any], settings: Settings, container: Container, size: int
) -> None:
    # Just over 20 MB fits the body limit and is refused by the file rules; far over it is
    # refused by the body limit before it is read. Both are 413.
    content = b"%PDF-" + b"0" * (size - 5)
    assert_problem(await upload(school, "teo", material, content), 413)
    assert media_files(settings) == []
    assert await stored_rows(container) == 0


@pytest.mark.parametrize(("who", "status"), [("ann", 403), ("admin", 403), ("tara", 404)])
async def test_only_the_author_uploads(
    school: School, material: dict[str, Any], settings: Settings, who: str, status: int
) -> None:
    assert_problem(await upload(school, who, material, PDF), status)
    assert media_files(settings) == []


async def test_download_names_cannot_inject_headers_or_paths(
    school: School, material: dict[str, Any]
) -> None:
    nasty = '../../etc/passwd"\r\nX: y.pdf'
    assert (await upload(school, "teo", material, PDF, nasty)).status_code == 200
    served = await school.client.get(file_url(material), headers=school["ann"].headers)
    # No path, no quote, no line break: the name is shown back, never trusted.
    assert served.headers["content-disposition"] == (
        "attachment; filename=\"passwd_X_ y.pdf\"; filename*=UTF-8''passwd_X_%20y.pdf"
    )
    assert "x" not in {key.lower() for key in served.headers}
    assert served.headers["content-type"] == "application/pdf"


async def test_uploads_are_multipart_with_a_file_field(
    school: School, material: dict[str, Any]
) -> None:
    teo = school["teo"].headers
    assert_problem(
        await school.client.put(file_url(material), json={"file": "x"}, headers=teo), 415
    )
    assert_problem(
        await school.client.put(
            file_url(material), files={"other": ("a.pdf", PDF, "application/pdf")}, headers=teo
        ),
        400,
    )
    assert_problem(
        await school.client.put(
            file_url(material), files={"file": ("a.pdf", PDF, "application/pdf")}
        ),
        401,
    )
