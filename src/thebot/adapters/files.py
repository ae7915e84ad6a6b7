"""Telling what a file really is from its bytes (never from its name or declared type)."""

from __future__ import annotations

import io
import re
import zipfile

from thebot.domain.files.entities import DetectedType
from thebot.domain.shared.errors import Invalid

ACCEPTED = "PDF, an image (PNG, JPEG, WebP, GIF), text, Word, Excel, PowerPoint, MP3 or MP4"
_MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|object|embed)[\s/>]|javascript:", re.I)
_OOXML = {
    "word/": DetectedType(
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        extension="docx",
    ),
    "xl/": DetectedType(
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        extension="xlsx",
    ),
    "ppt/": DetectedType(
        media_type="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        extension="pptx",
    ),
}
_MAGIC: tuple[tuple[bytes, int, DetectedType], ...] = (
    (b"%PDF-", 0, DetectedType(media_type="application/pdf", extension="pdf")),
    (b"\x89PNG\r\n\x1a\n", 0, DetectedType(media_type="image/png", extension="png")),
    (b"\xff\xd8\xff", 0, DetectedType(media_type="image/jpeg", extension="jpg")),
    (b"GIF87a", 0, DetectedType(media_type="image/gif", extension="gif")),
    (b"GIF89a", 0, DetectedType(media_type="image/gif", extension="gif")),
    (b"ID3", 0, DetectedType(media_type="audio/mpeg", extension="mp3")),
    (b"ftyp", 4, DetectedType(media_type="video/mp4", extension="mp4")),
)
_MAX_ZIP_ENTRIES = 10_000
_MAX_UNPACKED = 200 * 1024 * 1024


class ContentInspector:
    def detect(self, content: bytes) -> DetectedType:
        head = content[:64]
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return DetectedType(media_type="image/webp", extension="webp")
        for magic, offset, kind in _MAGIC:
            if head[offset : offset + len(magic)] == magic:
                return kind
        if head[:2] == b"\xff\xfb" or head[:2] == b"\xff\xf3":
            return DetectedType(media_type="audio/mpeg", extension="mp3")
        if head[:4] == b"PK\x03\x04":
            return _office_document(content)
        if _is_text(content):
            return DetectedType(media_type="text/plain; charset=utf-8", extension="txt")
        raise Invalid.field("file", f"must be {ACCEPTED}")


def _office_document(content: bytes) -> DetectedType:
    """Only Office Open XML documents are accepted among ZIP files, and only sane ones."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if len(entries) > _MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > _MAX_UNPACKED:
                raise Invalid.field("file", "is an archive that unpacks too large")
            names = {entry.filename for entry in entries}
    except zipfile.BadZipFile as exc:
        raise Invalid.field("file", "is a damaged document") from exc
    if "[Content_Types].xml" in names:
        for folder, kind in _OOXML.items():
            if any(name.startswith(folder) for name in names):
                return kind
    raise Invalid.field("file", f"must be {ACCEPTED} (other archives are refused)")


def _is_text(content: bytes) -> bool:
    sample = content[: 64 * 1024]
    if b"\x00" in sample or _MARKUP.search(sample):
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample's end is still text.
        return exc.start >= len(sample) - 3
    return True
