"""Pictures for upload tests, made in memory."""

from __future__ import annotations

import io

from PIL import Image


def picture(kind: str = "JPEG", size: tuple[int, int] = (1200, 800)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    output = io.BytesIO()
    image.save(output, kind, exif=exif.tobytes()) if kind != "PNG" else image.save(output, kind)
    return output.getvalue()
