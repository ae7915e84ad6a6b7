"""Avatar sanitising with Pillow: check the bytes, refuse bombs and polyglots, re-encode as WebP.

Synchronous and CPU-bound; the caller runs it in a worker thread. Only the re-encoded output is
ever stored, so nothing of the uploaded file (metadata, trailing data, scripts) survives; the
checks before decoding exist so that a hostile file is refused outright rather than laundered.
"""

from __future__ import annotations

import io
import re
import struct
import zlib

from PIL import Image, UnidentifiedImageError

from thebot.domain.profiles.ports import AVATAR_MAX_SIDE, MAX_AVATAR_BYTES, SanitizedImage
from thebot.domain.shared.errors import Invalid, PayloadTooLarge

# A decoded image costs about 4 bytes per pixel; 25 Mpx (~100 MB) covers any phone camera while
# staying far below Pillow's own limit (89 Mpx warning, 179 Mpx error), which is only a backstop.
MAX_SOURCE_PIXELS = 25_000_000
MAX_SOURCE_SIDE = 12_000
WEBP_QUALITY = 85

_ORIENTATION = 0x0112  # EXIF tag

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Bytes after the end of a JPEG that some encoders leave behind and that cannot carry anything.
_HARMLESS_PADDING = b"\x00 \t\r\n"
_MAX_JPEG_PADDING = 1024
_FILL = re.compile(rb"\xff+")
# Inside entropy-coded data FF 00 is a stuffed byte and FF D0..D7 a restart; any other FF xx
# ends the scan (searched in C: a hostile run of FF bytes must not cost a Python loop per byte).
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")

# Markup or script anywhere in the file makes it a polyglot candidate. Tag names must be followed
# by what a browser needs to end a tag name, so that four random bytes of compressed image data
# (e.g. "<sVg") cannot refuse a real photo.
_MARKUP = re.compile(
    rb"<(?:script|svg|html|iframe)[\s/>]|<\?php|<!doctype|javascript:",
    re.IGNORECASE,
)

_NOT_AN_IMAGE = "must be a JPEG, PNG or WebP image"
_CORRUPT = "is corrupt or truncated"
_TRAILING = "has data after the end of the image"
_MARKUP_FOUND = "must not contain markup or scripts"


def _invalid(message: str) -> Invalid:
    return Invalid.field("file", message)


def _too_many_pixels() -> PayloadTooLarge:
    return PayloadTooLarge(
        f"The image must be at most {MAX_SOURCE_SIDE} pixels on a side "
        f"and {MAX_SOURCE_PIXELS // 1_000_000} million pixels in all"
    )


class PillowImageSanitizer:
    """``ImageSanitizer`` that accepts JPEG, PNG and WebP by content and returns a WebP avatar."""

    def sanitize_avatar(self, content: bytes) -> SanitizedImage:
        if not content:
            raise _invalid("is empty")
        if len(content) > MAX_AVATAR_BYTES:
            raise PayloadTooLarge(
                f"The image must be at most {MAX_AVATAR_BYTES // (1024 * 1024)} MiB"
            )
        kind = _sniff(content)
        if _MARKUP.search(content):
            raise _invalid(_MARKUP_FOUND)
        _check_structure(kind, content)
        return _reencode(kind, content)


def _sniff(content: bytes) -> str:
    """Name the format from the magic bytes alone (a Pillow format name)."""
    if content.startswith(_JPEG_MAGIC):
        return "JPEG"
    if content.startswith(_PNG_MAGIC):
        return "PNG"
    if len(content) >= 12 and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "WEBP"
    raise _invalid(_NOT_AN_IMAGE)


def _check_structure(kind: str, content: bytes) -> None:
    """Walk the container so that truncation and bytes after the image's end are refused."""
    if kind == "JPEG":
        _check_jpeg(content)
    elif kind == "PNG":
        _check_png(content)
    else:
        _check_webp(content)


def _check_jpeg(data: bytes) -> None:
    end, has_mpf = _jpeg_stream_end(data, 0)
    # A Multi-Picture (MPF) file, e.g. a phone photo with a depth or gain map, is several complete
    # JPEG streams back to back; only the first is decoded. Anything else after EOI is refused.
    while has_mpf and data.startswith(_JPEG_MAGIC, end):
        end, _ = _jpeg_stream_end(data, end)
    rest = data[end:]
    if rest and (len(rest) > _MAX_JPEG_PADDING or rest.strip(_HARMLESS_PADDING)):
        raise _invalid(_TRAILING)


def _jpeg_stream_end(data: bytes, start: int) -> tuple[int, bool]:
    """Return the offset just past the EOI of the JPEG stream at ``start``, and whether it has MPF.

    Marker segments are skipped by their length; after each SOS the entropy-coded data is scanned
    to the next real marker.
    """
    n = len(data)
    i = start + 2  # past SOI
    has_mpf = False
    while True:
        fill = _FILL.match(data, i)  # a marker is FF, optionally repeated, then its code
        if fill is None:
            raise _invalid(_CORRUPT)
        i = fill.end()
        if i >= n:
            raise _invalid(_CORRUPT)
        marker = data[i]
        i += 1
        if marker == 0xD9:  # EOI
            return i, has_mpf
        if marker in (0x00, 0xD8):
            raise _invalid(_CORRUPT)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # standalone markers
            continue
        if i + 2 > n:
            raise _invalid(_CORRUPT)
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2 or i + length > n:
            raise _invalid(_CORRUPT)
        if marker == 0xE2 and data.startswith(b"MPF\x00", i + 2):
            has_mpf = True
        i += length
        if marker == 0xDA:  # SOS: entropy-coded data follows
            i = _skip_entropy_coded(data, i)


def _skip_entropy_coded(data: bytes, i: int) -> int:
    marker = _NEXT_MARKER.search(data, i)
    if marker is None:
        raise _invalid(_CORRUPT)
    return marker.start()


def _check_png(data: bytes) -> None:
    n = len(data)
    i = len(_PNG_MAGIC)
    first = True
    while True:
        if i + 12 > n:
            raise _invalid(_CORRUPT)
        length, chunk_type = struct.unpack(">I4s", data[i : i + 8])
        data_end = i + 8 + length
        if length > 0x7FFFFFFF or data_end + 4 > n:
            raise _invalid(_CORRUPT)
        if first and chunk_type != b"IHDR":
            raise _invalid(_CORRUPT)
        first = False
        (crc,) = struct.unpack(">I", data[data_end : data_end + 4])
        if zlib.crc32(data[i + 4 : data_end]) != crc:
            raise _invalid(_CORRUPT)
        i = data_end + 4
        if chunk_type == b"IEND":
            break
    if i != n:
        raise _invalid(_TRAILING)


def _check_webp(data: bytes) -> None:
    (riff_size,) = struct.unpack("<I", data[4:8])
    if riff_size + 8 != len(data):
        # Shorter than declared is a truncation; longer means something rides along after it.
        raise _invalid(_CORRUPT if riff_size + 8 > len(data) else _TRAILING)
    n = len(data)
    if n == 12:
        raise _invalid(_CORRUPT)
    i = 12
    while i < n:
        if i + 8 > n:
            raise _invalid(_CORRUPT)
        (size,) = struct.unpack("<I", data[i + 4 : i + 8])
        i += 8 + size + (size & 1)  # chunks are padded to an even length
        if i > n:
            raise _invalid(_CORRUPT)


def _reencode(kind: str, content: bytes) -> SanitizedImage:
    accepted = ("JPEG", "MPO") if kind == "JPEG" else (kind,)
    try:
        # Our pixel budget (checked from the header below) is stricter than Pillow's own
        # decompression-bomb limit; warnings filters are process-wide, so none are touched here.
        with Image.open(io.BytesIO(content), formats=[kind]) as source:
            if source.format not in accepted:
                raise _invalid(_NOT_AN_IMAGE)
            width, height = source.size  # read from the header; nothing is decoded yet
            if width < 1 or height < 1:
                raise _invalid(_CORRUPT)
            if max(width, height) > MAX_SOURCE_SIDE or width * height > MAX_SOURCE_PIXELS:
                raise _too_many_pixels()
            if kind == "JPEG":
                # Let libjpeg decode at 1/2..1/8 scale when that still covers the avatar.
                source.draft("RGB", (AVATAR_MAX_SIDE, AVATAR_MAX_SIDE))
            source.load()
            image = _normalise(source)
        output = io.BytesIO()
        image.save(output, "WEBP", quality=WEBP_QUALITY, method=4)
    except (Invalid, PayloadTooLarge):
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except UnidentifiedImageError:  # the magic bytes promised a format its decoder disowns
        raise _invalid(_NOT_AN_IMAGE) from None
    except Exception:  # OSError, SyntaxError, ValueError, EOFError or any other decoder failure
        raise _invalid(_CORRUPT) from None
    return SanitizedImage(
        content=output.getvalue(),
        media_type="image/webp",
        extension="webp",
        width=image.width,
        height=image.height,
    )


# EXIF Orientation -> the transpose that shows the picture upright (as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _normalise(source: Image.Image) -> Image.Image:
    """Upright, RGB(A), at most AVATAR_MAX_SIDE on a side, and carrying no metadata at all.

    The decoded source is shrunk in place first, so at most one full-size copy of the pixels
    exists (a full-size conversion happens only where resampling would otherwise go wrong).
    """
    upright = _UPRIGHT.get(source.getexif().get(_ORIENTATION, 1))
    image = source
    if image.mode.startswith("I"):
        # 16-bit greyscale PNG: scale 0..65535 to 0..255 (a plain convert would clip to white).
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode in ("1", "P") or "transparency" in image.info:
        # Palettes and colour-keyed transparency cannot be resampled smoothly; expand them first.
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    image.thumbnail((AVATAR_MAX_SIDE, AVATAR_MAX_SIDE), Image.Resampling.LANCZOS)
    if upright is not None:
        image = image.transpose(upright)
    mode = "RGBA" if image.has_transparency_data else "RGB"
    image = image.convert(mode)
    # Pixels only: a fresh image has an empty ``info`` (no EXIF, ICC profile or XMP to leak).
    return Image.frombytes(mode, image.size, image.tobytes())
