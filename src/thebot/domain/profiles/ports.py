"""What the profile services need from the outside world."""

from __future__ import annotations

from typing import Protocol

import msgspec

MAX_AVATAR_BYTES = 5 * 1024 * 1024
AVATAR_MAX_SIDE = 512


class SanitizedImage(msgspec.Struct, frozen=True, kw_only=True):
    """An image decoded and encoded anew: no metadata, no trailing bytes, bounded size."""

    content: bytes
    media_type: str  # e.g. "image/webp"
    extension: str  # e.g. "webp"
    width: int
    height: int


class ImageSanitizer(Protocol):
    def sanitize_avatar(self, content: bytes) -> SanitizedImage:
        """Decode ``content`` and re-encode it as a small avatar.

        Raises ``Invalid`` (field ``file``) when the bytes are empty, not a JPEG, PNG or WebP by
        their content, corrupt, or a polyglot (bytes after the image's end, or markup/script
        inside); raises ``PayloadTooLarge`` when the file exceeds ``MAX_AVATAR_BYTES`` or
        declares more pixels than is safe to decode (a decompression bomb).
        """
        ...
