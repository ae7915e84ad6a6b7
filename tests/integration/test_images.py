"""PillowImageSanitizer: only real JPEG/PNG/WebP pass, re-encoded as a small clean WebP.

Every sample is made here in memory with Pillow or by hand; no binary fixtures.
"""

from __future__ import annotations

import io
import random
import struct
import warnings
import zipfile
import zlib

import pytest
from PIL import Image, PngImagePlugin

from thebot.adapters.images import PillowImageSanitizer
from thebot.domain.profiles.ports import MAX_AVATAR_BYTES, SanitizedImage
from thebot.domain.shared.errors import Invalid, PayloadTooLarge

RED = (220, 20, 20)
BLUE = (20, 20, 220)


@pytest.fixture
def sanitizer() -> PillowImageSanitizer:
    return PillowImageSanitizer()


def picture(size: tuple[int, int] = (1200, 800), mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: enough structure to see rotations survive."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return image.convert(mode)


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def decode(result: SanitizedImage) -> Image.Image:
    image = Image.open(io.BytesIO(result.content))
    image.load()
    return image


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims ``width`` x ``height`` pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def assert_invalid(sanitizer: PillowImageSanitizer, content: bytes) -> Invalid:
    with pytest.raises(Invalid) as caught:
        sanitizer.sanitize_avatar(content)
    assert [error.field for error in caught.value.errors] == ["file"]
    return caught.value


# --- accepted -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_real_image_is_re_encoded_as_a_webp_within_512_keeping_its_aspect_ratio(
    sanitizer: PillowImageSanitizer, fmt: str
) -> None:
    result = sanitizer.sanitize_avatar(encode(picture((1200, 800)), fmt))

    assert (result.media_type, result.extension) == ("image/webp", "webp")
    output = decode(result)
    assert output.format == "WEBP"
    assert output.mode == "RGB"  # opaque in, no alpha channel out
    assert output.size == (result.width, result.height) == (512, 341)


@pytest.mark.parametrize(
    ("size", "expected"),
    [((300, 900), (171, 512)), ((512, 512), (512, 512)), ((100, 60), (100, 60))],
    ids=["tall-bounded-by-height", "exactly-the-limit", "small-not-upscaled"],
)
def test_the_avatar_fits_512_without_upscaling(
    sanitizer: PillowImageSanitizer, size: tuple[int, int], expected: tuple[int, int]
) -> None:
    result = sanitizer.sanitize_avatar(encode(picture(size), "JPEG"))

    assert decode(result).size == (result.width, result.height) == expected


def test_a_png_with_alpha_keeps_its_transparency(sanitizer: PillowImageSanitizer) -> None:
    image = picture((64, 64), "RGBA")
    image.paste((0, 0, 0, 0), (0, 0, 32, 64))  # left half fully transparent

    output = decode(sanitizer.sanitize_avatar(encode(image, "PNG")))

    assert output.mode == "RGBA"
    assert output.getpixel((5, 5))[3] == 0  # type: ignore[index]
    assert output.getpixel((60, 5))[3] == 255  # type: ignore[index]


def test_a_palette_png_with_a_transparent_colour_keeps_it(
    sanitizer: PillowImageSanitizer,
) -> None:
    image = picture((64, 64)).convert("P", palette=Image.Palette.ADAPTIVE, colors=2)
    transparent = image.getpixel((0, 0))

    output = decode(sanitizer.sanitize_avatar(encode(image, "PNG", transparency=transparent)))

    assert output.mode == "RGBA"
    assert output.getpixel((5, 5))[3] == 0  # type: ignore[index]


def test_a_16_bit_greyscale_png_keeps_its_tones(sanitizer: PillowImageSanitizer) -> None:
    image = Image.new("I;16", (32, 32), 32768)  # mid-grey on a 0..65535 scale

    output = decode(sanitizer.sanitize_avatar(encode(image, "PNG")))

    red, green, blue = output.convert("RGB").getpixel((16, 16))  # type: ignore[misc]
    assert 110 <= red <= 145
    assert red == green == blue


def test_metadata_is_not_carried_over(sanitizer: PillowImageSanitizer) -> None:
    exif = Image.Exif()
    exif[0x010F] = "SpyCamMaker"  # Make
    exif[0x0110] = "SpyCamModel"  # Model
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}  # GPS IFD
    content = encode(picture(), "JPEG", exif=exif, icc_profile=b"SecretIccProfile" * 8)
    assert Image.open(io.BytesIO(content)).getexif()[0x010F] == "SpyCamMaker"

    result = sanitizer.sanitize_avatar(content)

    output = decode(result)
    assert len(output.getexif()) == 0
    assert not {"exif", "icc_profile", "xmp"} & set(output.info)
    for secret in (b"SpyCam", b"SecretIcc", b"Exif", b"EXIF", b"ICCP", b"XMP"):
        assert secret not in result.content


def test_webp_metadata_is_not_carried_over(sanitizer: PillowImageSanitizer) -> None:
    exif = Image.Exif()
    exif[0x010F] = "SpyCamMaker"
    content = encode(picture(), "WEBP", exif=exif, xmp=b"<x:xmpmeta>SpyXmp</x:xmpmeta>")

    result = sanitizer.sanitize_avatar(content)

    assert b"SpyCam" not in result.content
    assert b"SpyXmp" not in result.content


@pytest.mark.parametrize(
    ("orientation", "size", "red_at", "blue_at"),
    [
        (3, (200, 100), (180, 50), (20, 50)),  # upside down: turned 180 degrees
        (6, (100, 200), (50, 20), (50, 180)),  # sideways: turned 90 degrees clockwise
        (8, (100, 200), (50, 180), (50, 20)),  # sideways: turned 90 degrees anticlockwise
    ],
)
def test_the_exif_orientation_is_applied(
    sanitizer: PillowImageSanitizer,
    orientation: int,
    size: tuple[int, int],
    red_at: tuple[int, int],
    blue_at: tuple[int, int],
) -> None:
    exif = Image.Exif()
    exif[0x0112] = orientation
    content = encode(picture((200, 100)), "JPEG", exif=exif, quality=95)

    output = decode(sanitizer.sanitize_avatar(content)).convert("RGB")

    assert output.size == size
    red, blue = output.getpixel(red_at), output.getpixel(blue_at)
    assert red[0] > 150 > red[2]  # type: ignore[index]
    assert blue[2] > 150 > blue[0]  # type: ignore[index]


def test_a_multi_picture_jpeg_from_a_phone_is_accepted(sanitizer: PillowImageSanitizer) -> None:
    content = encode(picture(), "MPO", save_all=True, append_images=[picture((300, 200))])
    assert content.count(b"\xff\xd8\xff") >= 2  # two JPEG streams back to back

    assert decode(sanitizer.sanitize_avatar(content)).size == (512, 341)


def test_a_few_padding_zeros_after_a_jpeg_are_tolerated(sanitizer: PillowImageSanitizer) -> None:
    content = encode(picture(), "JPEG") + b"\x00" * 16

    assert sanitizer.sanitize_avatar(content).width == 512


def test_a_file_of_exactly_the_size_limit_is_accepted(sanitizer: PillowImageSanitizer) -> None:
    small = encode(picture((64, 64)), "PNG")
    filler = MAX_AVATAR_BYTES - len(small) - 12  # one private ancillary chunk pads it out
    content = small[:-12] + png_chunk(b"thBt", b"\x00" * filler) + small[-12:]
    assert len(content) == MAX_AVATAR_BYTES

    assert sanitizer.sanitize_avatar(content).width == 64


def test_sanitising_leaves_pillow_and_warning_globals_alone(
    sanitizer: PillowImageSanitizer,
) -> None:
    limit, filters = Image.MAX_IMAGE_PIXELS, list(warnings.filters)

    sanitizer.sanitize_avatar(encode(picture(), "PNG"))
    with pytest.raises(PayloadTooLarge):
        sanitizer.sanitize_avatar(png_declaring(50_000, 50_000))

    assert limit == Image.MAX_IMAGE_PIXELS
    assert list(warnings.filters) == filters


# --- refused: not an image we accept --------------------------------------------------------


def test_zero_bytes_are_refused(sanitizer: PillowImageSanitizer) -> None:
    assert assert_invalid(sanitizer, b"").detail == "is empty"


def test_random_bytes_are_refused(sanitizer: PillowImageSanitizer) -> None:
    assert_invalid(sanitizer, random.Random(7).randbytes(4096))


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "ICO", "PDF"])
def test_other_image_formats_are_refused(sanitizer: PillowImageSanitizer, fmt: str) -> None:
    error = assert_invalid(sanitizer, encode(picture((64, 64)), fmt))

    assert error.detail == "must be a JPEG, PNG or WebP image"


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        b"<?xml version='1.0'?><svg><script>alert(1)</script></svg>",
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b"GIF89a<script>alert(1)</script>",
        b"just some text, named avatar.png",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 16 + b"shell.php",  # a ZIP
    ],
)
def test_markup_text_or_archives_named_like_an_image_are_refused(
    sanitizer: PillowImageSanitizer, content: bytes
) -> None:
    assert_invalid(sanitizer, content)


def test_a_riff_file_that_is_not_a_webp_inside_is_refused(
    sanitizer: PillowImageSanitizer,
) -> None:
    png = encode(picture((16, 16)), "PNG")
    body = b"WEBP" + b"JUNK" + struct.pack("<I", len(png)) + png + b"\x00" * (len(png) & 1)

    error = assert_invalid(sanitizer, b"RIFF" + struct.pack("<I", len(body)) + body)

    assert error.detail == "must be a JPEG, PNG or WebP image"


# --- refused: corrupt -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_image_cut_off_halfway_is_refused(sanitizer: PillowImageSanitizer, fmt: str) -> None:
    content = encode(picture(), fmt)

    assert_invalid(sanitizer, content[: len(content) // 2])


def test_a_png_with_a_damaged_chunk_is_refused(sanitizer: PillowImageSanitizer) -> None:
    content = bytearray(encode(picture(), "PNG"))
    content[60] ^= 0xFF  # inside the image data: its CRC no longer matches

    assert_invalid(sanitizer, bytes(content))


def test_damaged_images_never_raise_anything_but_the_two_refusals(
    sanitizer: PillowImageSanitizer,
) -> None:
    rng = random.Random(2024)
    originals = [encode(picture((96, 64)), fmt) for fmt in ("JPEG", "PNG", "WEBP")]
    outcomes: set[str] = set()
    for _ in range(300):
        content = bytearray(rng.choice(originals))
        for _ in range(rng.randint(1, 8)):
            content[rng.randrange(len(content))] = rng.randrange(256)
        try:
            result = sanitizer.sanitize_avatar(bytes(content))
        except Invalid:
            outcomes.add("invalid")
        except PayloadTooLarge:
            outcomes.add("too large")
        else:  # a flipped byte in the pixel data can still decode: then the output is clean
            assert decode(result).format == "WEBP"
            assert max(result.width, result.height) <= 512
            outcomes.add("accepted")
    assert {"invalid", "accepted"} <= outcomes


# --- refused: polyglots ---------------------------------------------------------------------


def test_a_jpeg_with_php_appended_after_its_end_is_refused(
    sanitizer: PillowImageSanitizer,
) -> None:
    content = encode(picture(), "JPEG") + b"<?php system($_GET['c']); ?>"

    assert_invalid(sanitizer, content)


def test_a_jpeg_with_any_data_after_its_end_is_refused(sanitizer: PillowImageSanitizer) -> None:
    content = encode(picture(), "JPEG") + b"PK\x03\x04" + bytes(range(256)) * 4

    assert assert_invalid(sanitizer, content).detail == "has data after the end of the image"


def test_a_payload_ending_in_a_fake_end_marker_does_not_fool_the_check(
    sanitizer: PillowImageSanitizer,
) -> None:
    content = encode(picture(), "JPEG") + b"PK\x03\x04payload" + b"\xff\xd9"

    assert_invalid(sanitizer, content)


def test_a_second_jpeg_glued_on_without_a_multi_picture_index_is_refused(
    sanitizer: PillowImageSanitizer,
) -> None:
    jpeg = encode(picture((64, 64)), "JPEG")

    assert_invalid(sanitizer, jpeg + jpeg)


def test_a_jpeg_with_a_script_in_its_comment_is_refused(sanitizer: PillowImageSanitizer) -> None:
    content = encode(picture(), "JPEG", comment=b"<script>alert(1)</script>")

    assert assert_invalid(sanitizer, content).detail == "must not contain markup or scripts"


def test_a_png_with_a_zip_appended_after_iend_is_refused(sanitizer: PillowImageSanitizer) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")

    assert_invalid(sanitizer, encode(picture(), "PNG") + buffer.getvalue())


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "<SVG onload=alert(1)>", "javascript:alert(1)", "<?php ?>"],
)
def test_a_png_with_markup_in_a_text_chunk_is_refused(
    sanitizer: PillowImageSanitizer, text: str
) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)

    assert_invalid(sanitizer, encode(picture(), "PNG", pnginfo=info))


def test_a_webp_whose_riff_length_claims_more_than_the_file_is_refused(
    sanitizer: PillowImageSanitizer,
) -> None:
    content = bytearray(encode(picture(), "WEBP"))
    struct.pack_into("<I", content, 4, len(content) + 100)

    assert_invalid(sanitizer, bytes(content))


def test_a_webp_with_data_after_its_riff_length_is_refused(
    sanitizer: PillowImageSanitizer,
) -> None:
    content = encode(picture(), "WEBP") + b"PK\x03\x04" + b"\x01" * 64

    assert_invalid(sanitizer, content)


# --- too large ------------------------------------------------------------------------------


def test_a_file_over_5_mib_is_too_large(sanitizer: PillowImageSanitizer) -> None:
    with pytest.raises(PayloadTooLarge):
        sanitizer.sanitize_avatar(b"\xff\xd8\xff" + b"\x00" * MAX_AVATAR_BYTES)


@pytest.mark.parametrize(
    ("width", "height"),
    [(50_000, 50_000), (6_000, 5_000), (13_000, 10)],
    ids=["far-beyond-pillow-limit", "over-our-pixel-budget", "one-side-too-long"],
)
def test_a_png_declaring_huge_dimensions_is_too_large(
    sanitizer: PillowImageSanitizer, width: int, height: int
) -> None:
    content = png_declaring(width, height)
    assert len(content) < 200

    with pytest.raises(PayloadTooLarge):
        sanitizer.sanitize_avatar(content)


def test_a_jpeg_declaring_huge_dimensions_is_too_large(sanitizer: PillowImageSanitizer) -> None:
    content = bytearray(encode(picture((64, 64)), "JPEG"))
    frame = content.index(b"\xff\xc0")  # SOF0: length(2) precision(1) height(2) width(2)
    struct.pack_into(">HH", content, frame + 5, 60_000, 60_000)

    with pytest.raises(PayloadTooLarge):
        sanitizer.sanitize_avatar(bytes(content))
