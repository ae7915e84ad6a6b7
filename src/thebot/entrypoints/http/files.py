"""Sending stored files back: the stored type, and a download name that cannot inject headers."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Response

from thebot.domain.files.entities import StoredFile


def download(file: StoredFile, content: bytes) -> Response[bytes]:
    ascii_name = file.original_name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    disposition = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file.original_name)}"
    )
    return Response(
        content,
        media_type=file.content_type,
        headers={
            "Content-Disposition": disposition,
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )
