"""LocalFileStorage: files under opaque keys in one folder, and nothing outside it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from thebot.adapters.storage import InvalidStorageKey, LocalFileStorage
from thebot.domain.shared.errors import NotFound

MEDIA_BASE = "http://127.0.0.1:8000/media"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "media"


@pytest.fixture
def storage(root: Path) -> LocalFileStorage:
    return LocalFileStorage(root, MEDIA_BASE + "/")


def files_under(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()}


async def test_a_saved_file_can_be_read_back_checked_and_deleted(
    storage: LocalFileStorage, root: Path
) -> None:
    key = "avatars/0195f3c2-7b1e-7c3a-9d2e-4a1b2c3d4e5f.webp"
    assert await storage.exists(key) is False

    await storage.save(key, b"\x89PNG fake image", "image/webp")

    assert await storage.read(key) == b"\x89PNG fake image"
    assert await storage.exists(key) is True
    assert (root / key).read_bytes() == b"\x89PNG fake image"
    assert files_under(root) == {key}, "no temporary file is left behind"

    await storage.delete(key)

    assert await storage.exists(key) is False
    assert files_under(root) == set()


async def test_saving_again_replaces_the_content(storage: LocalFileStorage) -> None:
    await storage.save("materials/lesson-1/notes.pdf", b"first", "application/pdf")
    await storage.save("materials/lesson-1/notes.pdf", b"second", "application/pdf")

    assert await storage.read("materials/lesson-1/notes.pdf") == b"second"


async def test_concurrent_saves_of_one_key_all_succeed_and_leave_one_whole_file(
    storage: LocalFileStorage, root: Path
) -> None:
    versions = [bytes([n]) * 200_000 for n in range(20)]

    results = await asyncio.gather(
        *(storage.save("avatars/same.webp", content, "image/webp") for content in versions),
        return_exceptions=True,
    )

    assert results == [None] * 20
    assert await storage.read("avatars/same.webp") in versions
    assert files_under(root) == {"avatars/same.webp"}


async def test_deleting_a_missing_file_is_not_an_error(storage: LocalFileStorage) -> None:
    await storage.delete("avatars/never-saved.webp")

    assert await storage.exists("avatars/never-saved.webp") is False


async def test_reading_a_missing_file_raises_not_found(storage: LocalFileStorage) -> None:
    with pytest.raises(NotFound):
        await storage.read("avatars/never-saved.webp")


async def test_a_key_that_names_a_folder_or_passes_through_a_file_is_a_missing_file(
    storage: LocalFileStorage,
) -> None:
    await storage.save("materials/course/file.pdf", b"pdf", "application/pdf")

    with pytest.raises(NotFound):
        await storage.read("materials/course")
    with pytest.raises(NotFound):
        await storage.read("materials/course/file.pdf/inner.pdf")
    assert await storage.exists("materials/course") is False
    await storage.delete("materials/course/file.pdf/inner.pdf")
    assert await storage.read("materials/course/file.pdf") == b"pdf"


def test_url_is_the_media_base_followed_by_the_key(storage: LocalFileStorage) -> None:
    assert storage.url("avatars/a1b2.webp") == "http://127.0.0.1:8000/media/avatars/a1b2.webp"


BAD_KEYS = [
    "",
    "avatars",
    "../outside.txt",
    "avatars/../../outside.txt",
    "avatars/..",
    "avatars/../avatars/a.webp",
    "/etc/passwd",
    "/avatars/a.webp",
    "avatars\\..\\..\\outside.txt",
    "avatars\\a.webp",
    "avatars//a.webp",
    "avatars/a.webp/",
    "avatars/./a.webp",
    ".hidden/a.webp",
    "avatars/.htaccess",
    "avatars/.a.webp.1.tmp",
    "Avatars/a.webp",
    "avatars/a b.webp",
    "avatars/a.webp\n",
    "avatars/a.webp\x00.png",
    "avatars/%2e%2e/a.webp",
    "avatars/é.webp",
]


@pytest.mark.parametrize("key", BAD_KEYS)
async def test_unsafe_keys_are_refused_everywhere_and_nothing_is_written(
    key: str, storage: LocalFileStorage, tmp_path: Path
) -> None:
    with pytest.raises(InvalidStorageKey):
        await storage.save(key, b"payload", "text/plain")
    with pytest.raises(InvalidStorageKey):
        await storage.read(key)
    with pytest.raises(InvalidStorageKey):
        await storage.exists(key)
    with pytest.raises(InvalidStorageKey):
        await storage.delete(key)
    with pytest.raises(InvalidStorageKey):
        storage.url(key)

    assert files_under(tmp_path) == set()


@pytest.fixture
def outside(root: Path, tmp_path: Path) -> Path:
    """A folder outside the root, and ``<root>/avatars`` a symlink to it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    root.mkdir(parents=True)
    (root / "avatars").symlink_to(outside, target_is_directory=True)
    return outside


async def test_a_symlink_inside_the_root_cannot_lead_outside(
    storage: LocalFileStorage, outside: Path
) -> None:
    with pytest.raises(InvalidStorageKey):
        await storage.save("avatars/a.webp", b"payload", "image/webp")

    assert files_under(outside) == set()
