"""File names from clients are only ever shown back, never used as paths."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 150
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f"\\/:*?<>|;]+')
_SPACES = re.compile(r"\s+")
# Invisible characters: bidi overrides (``cod\u202etxt.exe`` shows as ``codexe.txt``), zero-width
# marks, private use, and unassigned code points.
_HIDDEN_CATEGORIES = frozenset({"Cf", "Co", "Cs", "Cn"})
# Names Windows will not save a file under, whatever the extension.
_WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)


def safe_display_name(raw: str, extension: str) -> str:
    """A name fit for a download header: no path, no control, invisible or quoting characters,
    the right extension for the content actually stored, never empty.

    NFKC folds look-alike forms (a fullwidth solidus becomes ``/``) before the path is cut off.
    """
    name = unicodedata.normalize("NFKC", raw or "")
    name = "".join(c for c in name if unicodedata.category(c) not in _HIDDEN_CATEGORIES)
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" .")
    stem, dot, current = name.rpartition(".")
    if not dot:
        stem, current = name, ""
    if current.lower() != extension:
        stem = name
    stem = stem.strip(" .") or "file"
    if _WINDOWS_RESERVED.fullmatch(stem):
        stem = f"_{stem}"
    stem = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip(" .") or "file"
    return f"{stem}.{extension}"
