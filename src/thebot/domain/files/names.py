"""File names from clients are only ever shown back, never used as paths."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 150
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')
_SPACES = re.compile(r"\s+")


def safe_display_name(raw: str, extension: str) -> str:
    """A name fit for a download header: no path, no control or quoting characters, the right
    extension for the content actually stored, never empty."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" .")
    stem, dot, current = name.rpartition(".")
    if not dot:
        stem, current = name, ""
    if current.lower() != extension:
        stem = name
    stem = stem.strip(" .") or "file"
    stem = stem[: MAX_NAME_LENGTH - len(extension) - 1]
    return f"{stem}.{extension}"
