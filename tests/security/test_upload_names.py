"""Hostile upload names: a client's file name is only ever shown back, cleaned, and never picks
where the bytes go; downloads are attachments a browser will not sniff or render inline.

Every upload route is tried with every name: material files, homework attachments, homework
submissions, study plan files, and the avatar (whose name is thrown away altogether).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from sqlalchemy import select

from tests.api.helpers import Client, assert_problem
from tests.api.homework_helpers import ASSIGNMENTS, PDF, SUBMISSIONS, set_homework
from tests.api.images import picture
from tests.api.learning_helpers import School, build_school
from tests.api.material_helpers import MATERIALS, publish
from tests.api.study_plan_helpers import PLANS, write_plan
from thebot.adapters.db.models import StoredFileModel
from thebot.bootstrap import Container
from thebot.config import Settings
from thebot.domain.files.names import MAX_NAME_LENGTH

HOSTILE_NAMES = [
    "../../etc/passwd",
    "../../../../../../tmp/evil.pdf",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "C:\\Windows\\System32\\drivers\\etc\\hosts",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%5c..%5cboot.ini",
    "name\x00.php.pdf",
    "report\u202efdp.exe",
    "\u202egnp.pdf",
    "zero\u200bwidth\ufeff.pdf",
    "..\uff0f..\uff0fetc\uff0fpasswd",
    "\u0440\u0430ssword.pdf",
    "a" * 1000 + ".pdf",
    "\u044f" * 400 + ".pdf",
    ".",
    "..",
    "...",
    ". . .",
    "CON",
    "con.pdf",
    "NUL.txt",
    "COM1.pdf",
    "lpt9",
    "AUX.tar.gz",
    'quote".pdf',
    'x.pdf"; filename="evil.html',
    "line\r\nSet-Cookie: stolen=1.pdf",
    "semi;colon,comma.pdf",
    "<script>alert(1)</script>.pdf",
    " ",
]
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)
FORMAT_CHARACTERS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
STORED_KEY = re.compile(
    r"(materials|homework|submissions|study-plans|avatars)/[0-9a-f]{32}\.[a-z0-9]+"
)

Upload = Callable[[str], Awaitable[tuple[str, httpx.Response]]]


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


def assert_safe_display_name(name: str, extension: str = "pdf") -> None:
    """What the API shows back: one plain file name, never a path or a trick."""
    assert name.endswith(f".{extension}"), name
    assert 0 < len(name) <= MAX_NAME_LENGTH, name
    assert not any(c in name for c in '/\\\x00\r\n"'), name
    assert "\uff0f" not in name, name
    assert not FORMAT_CHARACTERS.search(name), name
    assert name.strip(" .") == name, name
    assert name.rpartition(".")[0].strip(" ."), name
    assert not WINDOWS_RESERVED.match(name), name


def assert_safe_download(response: httpx.Response, shown_name: str) -> None:
    """RFC 6266 / 5987: an attachment with an ASCII fallback and the exact name percent-encoded."""
    assert response.status_code == 200, response.text
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    disposition = response.headers["content-disposition"]
    assert disposition.isascii()
    assert "\r" not in disposition
    assert "\n" not in disposition
    found = re.fullmatch(
        r'attachment; filename="([^"\\]*)"; filename\*=UTF-8\'\'([^\s;"]+)', disposition
    )
    assert found, disposition
    assert unquote(found[2], errors="strict") == shown_name
    assert len(response.headers.get_list("content-disposition")) == 1
    assert "set-cookie" not in response.headers


def files_outside(root: Path, data_dir: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_relative_to(data_dir))


async def assert_stored_under_media_root(container: Container, settings: Settings) -> None:
    async with container.unit_of_work() as uow:
        keys = list(await uow.session.scalars(select(StoredFileModel.key)))
    media = settings.media_path.resolve()
    for key in keys:
        assert STORED_KEY.fullmatch(key), key
        assert (media / key).resolve().is_relative_to(media)
    on_disk = [p for p in media.rglob("*") if p.is_file()]
    for path in on_disk:
        assert path.resolve().is_relative_to(media), path
        assert STORED_KEY.fullmatch(path.relative_to(media).as_posix()), path


def material_upload(school: School, material: dict[str, Any]) -> Upload:
    url = f"{MATERIALS}/{material['id']}/file"

    async def upload(name: str) -> tuple[str, httpx.Response]:
        sent = await school.client.put(
            url, files={"file": (name, PDF, "application/pdf")}, headers=school["teo"].headers
        )
        assert sent.status_code == 200, (name, sent.text)
        shown: str = sent.json()["file"]["name"]
        return shown, await school.client.get(url, headers=school["ann"].headers)

    return upload


def homework_upload(school: School, homework: dict[str, Any]) -> Upload:
    url = f"{ASSIGNMENTS}/{homework['id']}/attachments"

    async def upload(name: str) -> tuple[str, httpx.Response]:
        sent = await school.client.post(
            url, files={"file": (name, PDF, "application/pdf")}, headers=school["teo"].headers
        )
        assert sent.status_code == 201, (name, sent.text)
        attachment = sent.json()
        downloaded = await school.client.get(
            f"{url}/{attachment['id']}", headers=school["teo"].headers
        )
        # A homework holds at most ten files: make room for the next name.
        removed = await school.client.delete(
            f"{url}/{attachment['id']}", headers=school["teo"].headers
        )
        assert removed.status_code == 204, removed.text
        return attachment["name"], downloaded

    return upload


def submission_upload(school: School, homework: dict[str, Any]) -> Upload:
    async def upload(name: str) -> tuple[str, httpx.Response]:
        sent = await school.client.post(
            f"{ASSIGNMENTS}/{homework['id']}/submissions",
            files={"file": (name, PDF, "application/pdf")},
            headers=school["ann"].headers,
        )
        assert sent.status_code == 201, (name, sent.text)
        work = sent.json()
        version = work["versions"][-1]
        downloaded = await school.client.get(
            f"{SUBMISSIONS}/{work['id']}/versions/{version['number']}/file",
            headers=school["teo"].headers,
        )
        return version["file"]["name"], downloaded

    return upload


def study_plan_upload(school: School, plan: dict[str, Any]) -> Upload:
    url = f"{PLANS}/{plan['id']}/files"

    async def upload(name: str) -> tuple[str, httpx.Response]:
        sent = await school.client.post(
            url, files={"file": (name, PDF, "application/pdf")}, headers=school["teo"].headers
        )
        assert sent.status_code in (200, 201), (name, sent.text)
        attached = sent.json()
        downloaded = await school.client.get(
            f"{url}/{attached['id']}", headers=school["teo"].headers
        )
        removed = await school.client.delete(
            f"{url}/{attached['id']}", headers=school["teo"].headers
        )
        assert removed.status_code in (200, 204), removed.text
        return attached["name"], downloaded

    return upload


async def make_upload(school: School, route: str) -> Upload:
    if route == "material":
        return material_upload(
            school, await publish(school, "teo", "Mathematics", ("ann",), status="active")
        )
    homework = await set_homework(school)
    if route == "homework":
        return homework_upload(school, homework)
    if route == "submission":
        return submission_upload(school, homework)
    return study_plan_upload(school, await write_plan(school))


async def test_hostile_names_are_cleaned_and_never_choose_where_bytes_go(
    school: School, container: Container, settings: Settings, tmp_path: Path, data_dir: Path
) -> None:
    before = files_outside(tmp_path, data_dir)
    for route in ("material", "homework", "submission", "study_plan"):
        upload = await make_upload(school, route)
        for name in HOSTILE_NAMES:
            shown, downloaded = await upload(name)
            assert_safe_display_name(shown)
            assert_safe_download(downloaded, shown)
    assert files_outside(tmp_path, data_dir) == before
    await assert_stored_under_media_root(container, settings)


async def test_names_keep_what_is_harmless(school: School) -> None:
    upload = await make_upload(school, "material")
    expected = {
        "Chapter 1.pdf": "Chapter 1.pdf",
        "Глава 2 — дроби.pdf": "Глава 2 — дроби.pdf",
        "../../etc/passwd": "passwd.pdf",
        "..\\..\\notes.pdf": "notes.pdf",
        "report\u202efdp.exe": "reportfdp.exe.pdf",
        "con.pdf": "_con.pdf",
        "...": "file.pdf",
        "\uff0e\uff0e\uff0fsecret.pdf": "secret.pdf",
        "AUX.tar.gz": "_AUX.tar.gz.pdf",
    }
    for name, cleaned in expected.items():
        shown, downloaded = await upload(name)
        assert shown == cleaned, name
        assert_safe_download(downloaded, cleaned)


async def test_an_avatar_name_is_thrown_away(
    school: School, settings: Settings, tmp_path: Path, data_dir: Path
) -> None:
    before = files_outside(tmp_path, data_dir)
    image = picture("PNG", (64, 64))
    for name in HOSTILE_NAMES:
        sent = await school.client.put(
            "/api/v1/profile/avatar",
            files={"file": (name, image, "image/png")},
            headers=school["ann"].headers,
        )
        assert sent.status_code == 200, (name, sent.text)
        url = sent.json()["avatar_url"]
        assert re.fullmatch(r"http://127\.0\.0\.1:8000/media/avatars/[0-9a-f]{32}\.webp", url), url
        served = await school.client.get(url.removeprefix("http://127.0.0.1:8000"))
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/webp"
        assert served.headers["x-content-type-options"] == "nosniff"
    assert files_outside(tmp_path, data_dir) == before
    avatars = [p for p in (settings.media_path / "avatars").rglob("*") if p.is_file()]
    assert len(avatars) == 1
    assert re.fullmatch(r"[0-9a-f]{32}\.webp", avatars[0].name)


ROUTES = [
    ("put", "/api/v1/materials/{material}/file", "teo"),
    ("post", "/api/v1/assignments/{homework}/attachments", "teo"),
    ("post", "/api/v1/assignments/{homework}/submissions", "ann"),
    ("post", "/api/v1/study-plans/{plan}/files", "teo"),
    ("put", "/api/v1/profile/avatar", "ann"),
]


async def test_a_binary_part_without_a_file_name_is_400_and_stores_nothing(
    school: School, container: Container, settings: Settings
) -> None:
    ids = {
        "material": (await publish(school, "teo", "Mathematics", ("ann",)))["id"],
        "homework": (await set_homework(school))["id"],
        "plan": (await write_plan(school))["id"],
    }
    image = picture("PNG", (64, 64))
    for method, path, who in ROUTES:
        response = await school.client.request(
            method,
            path.format(**ids),
            files={"file": ("", image, "image/png")},
            headers=school[who].headers,
        )
        assert_problem(response, 400)
    async with container.unit_of_work() as uow:
        assert list(await uow.session.scalars(select(StoredFileModel.key))) == []
    assert [p for p in settings.media_path.rglob("*") if p.is_file()] == []
