"""Avatars: only real images, cleaned and small, under random names; attacks store nothing."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.api.helpers import Client, assert_problem
from tests.api.images import picture
from tests.api.people_helpers import Person, make_admin, person
from thebot.bootstrap import Container
from thebot.config import Settings
from thebot.domain.accounts.entities import Role

AVATAR = "/api/v1/profile/avatar"


def png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def stored_files(settings: Settings) -> list[Path]:
    return sorted(p for p in (settings.media_path / "avatars").glob("*") if p.is_file())


@pytest.fixture
async def student(client: Client, container: Container) -> Person:
    admin = await make_admin(client, container)
    return await person(client, admin, Role.STUDENT, "kid@example.org")


async def upload(
    client: Client, who: Person, content: bytes, name: str = "me.jpg", media: str = "image/jpeg"
):  # type: ignore[no-untyped-def]
    return await client.put(AVATAR, files={"file": (name, content, media)}, headers=who.headers)


async def test_avatar_is_cleaned_resized_stored_and_served(
    client: Client, student: Person, settings: Settings
) -> None:
    response = await upload(client, student, picture("JPEG"))
    assert response.status_code == 200, response.text
    url = response.json()["avatar_url"]
    assert url.startswith("http://127.0.0.1:8000/media/avatars/")
    assert url.endswith(".webp")
    files = stored_files(settings)
    assert len(files) == 1
    stored = Image.open(files[0])
    assert stored.format == "WEBP"
    assert max(stored.size) <= 512
    assert b"SpyCam" not in files[0].read_bytes()
    served = await client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert served.status_code == 200
    assert served.content == files[0].read_bytes()
    profile = await client.get("/api/v1/profile", headers=student.headers)
    assert profile.json()["user"]["avatar_url"] == url


async def test_a_new_avatar_replaces_and_removes_the_old_file(
    client: Client, student: Person, settings: Settings
) -> None:
    first = (await upload(client, student, picture("PNG"), "a.png", "image/png")).json()[
        "avatar_url"
    ]
    second = (await upload(client, student, picture("WEBP"), "b.webp", "image/webp")).json()[
        "avatar_url"
    ]
    assert first != second
    assert [p.name for p in stored_files(settings)] == [second.rsplit("/", 1)[-1]]
    assert (await client.delete(AVATAR, headers=student.headers)).status_code == 204
    assert stored_files(settings) == []
    assert (await client.get("/api/v1/profile", headers=student.headers)).json()["user"][
        "avatar_url"
    ] is None


@pytest.mark.parametrize(
    ("content", "name", "media", "status"),
    [
        (b"", "empty.jpg", "image/jpeg", 400),
        (b"GIF89a" + b"\0" * 100, "anim.gif", "image/gif", 400),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "x.png",
            "image/png",
            400,
        ),
        (b"<?php system($_GET['c']); ?>", "shell.jpg", "image/jpeg", 400),
        (picture("JPEG") + b"<?php echo 1; ?>", "polyglot.jpg", "image/jpeg", 400),
        (picture("PNG")[:300], "truncated.png", "image/png", 400),
        (png_declaring(50000, 50000), "bomb.png", "image/png", 413),
    ],
    ids=["zero-bytes", "gif", "svg-as-png", "php-as-jpeg", "jpeg-polyglot", "corrupt", "bomb"],
)
async def test_attacks_are_refused_and_nothing_is_stored(
    client: Client,
    student: Person,
    settings: Settings,
    content: bytes,
    name: str,
    media: str,
    status: int,
) -> None:
    response = await upload(client, student, content, name, media)
    body = assert_problem(response, status)
    if status == 400:
        assert body["errors"][0]["field"] == "file"
    assert stored_files(settings) == []
    assert (await client.get("/api/v1/profile", headers=student.headers)).json()["user"][
        "avatar_url"
    ] is None


async def test_oversized_upload_is_413_before_it_is_read(
    client: Client, student: Person, settings: Settings
) -> None:
    response = await upload(client, student, b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024))
    assert_problem(response, 413)
    assert stored_files(settings) == []


async def test_avatar_needs_multipart_and_a_signed_in_user(client: Client, student: Person) -> None:
    assert_problem(await client.put(AVATAR, json={"file": "x"}, headers=student.headers), 415)
    assert_problem(
        await client.put(AVATAR, files={"file": ("a.jpg", picture(), "image/jpeg")}), 401
    )
    missing = await client.put(
        AVATAR, files={"other": ("a.jpg", picture(), "image/jpeg")}, headers=student.headers
    )
    assert_problem(missing, 400)
