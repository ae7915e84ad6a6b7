"""File storage on the local disk (the embedded default)."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

import anyio

from thebot.domain.shared.errors import NotFound

# Keys are made by the platform (``avatars/<uuid>.webp``), never taken from a client's file name.
# Matched whole (``fullmatch``): ``$`` would also accept a key ending in a newline.
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)+")


class InvalidStorageKey(ValueError):
    pass


def checked_key(key: str) -> str:
    """``key`` when it is one the platform makes; every storage adapter refuses any other."""
    if not _KEY.fullmatch(key) or ".." in key.split("/"):
        raise InvalidStorageKey(key)
    return key


class LocalFileStorage:
    def __init__(self, root: Path, media_base_url: str) -> None:
        self._root = root.resolve()
        self._base_url = media_base_url.rstrip("/")

    def path_of(self, key: str) -> Path:
        path = (self._root / checked_key(key)).resolve()
        if not path.is_relative_to(self._root):
            raise InvalidStorageKey(key)
        return path

    async def save(self, key: str, content: bytes, content_type: str) -> None:
        path = self.path_of(key)
        await anyio.to_thread.run_sync(_write_atomically, path, content)

    async def read(self, key: str) -> bytes:
        path = anyio.Path(self.path_of(key))
        try:
            return await path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise NotFound("File not found.") from exc

    async def delete(self, key: str) -> None:
        with contextlib.suppress(NotADirectoryError):
            await anyio.Path(self.path_of(key)).unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        return await anyio.Path(self.path_of(key)).is_file()

    def url(self, key: str) -> str:
        self.path_of(key)
        return f"{self._base_url}/{key}"


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A unique temporary name per write: concurrent saves of one key must not share it.
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
