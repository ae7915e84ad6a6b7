"""The web app: the built files of ``frontend/`` (``make web``) served at ``/``.

Every GET that is not the API, media, ``/health`` or ``/ready`` and is not a file of the build
answers ``index.html``, so that the app's own router can show deep links (``/dashboard/student``)
and its own "not found" page. Only the build directory is ever read: a path that leaves it, by
dots or by encoded dots, is treated like any unknown page.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath
from typing import Any, Final

import anyio.to_thread
from litestar import MediaType, Request, Response, route
from litestar.enums import HttpMethod
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler

from thebot.config import Settings

INDEX: Final = "index.html"
# Vite names everything in assets/ by its content hash: such a file never changes.
ASSETS: Final = "assets"
IMMUTABLE: Final = "public, max-age=31536000, immutable"
REVALIDATE: Final = "no-cache"
_RESERVED_PREFIXES: Final = ("/api/", "/media/")
_RESERVED_PATHS: Final = frozenset({"/api", "/media", "/health", "/ready"})
# Unknown paths under the API answer 404 whatever the method, as they did before the web app
# took every path: a catch-all for GET alone would turn them into 405.
_ALL_METHODS: Final = [
    HttpMethod.GET,
    HttpMethod.HEAD,
    HttpMethod.POST,
    HttpMethod.PUT,
    HttpMethod.PATCH,
    HttpMethod.DELETE,
]
# Fixed types for what a build holds; the platform's own table may lack or differ on these.
# (Litestar adds "; charset=utf-8" to every text/* type itself.)
_MEDIA_TYPES: Final = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain",
}
NOT_BUILT_PAGE: Final = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>THE BOT: the web app is not built</title></head>
<body>
<h1>THE BOT is running; its web app is not built yet</h1>
<p>Build it with <code>make web</code> (needs Node.js 20.19+ with npm), then reload this page.
<code>make run</code> builds it for you when npm is installed.</p>
<p>The API is here already: <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
"""


def web_app_policy(settings: Settings) -> str:
    """The app's own scripts, styles and images, its API and its socket; nothing inline."""
    urls = settings.urls
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data: blob: {urls.media_base}/; font-src 'self'; "
        f"connect-src 'self' {urls.websocket}; manifest-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def create_web_app_handler(settings: Settings) -> HTTPRouteHandler:
    """The route that serves the build in ``settings.web_dist_path`` (read on every request,
    so a rebuild shows without a restart)."""
    dist = settings.web_dist_path.resolve()
    policy = web_app_policy(settings)

    @route(
        ["/", "/{path:path}"],
        http_method=_ALL_METHODS,
        name="web-app",
        include_in_schema=False,
    )
    async def web_app(request: Request[Any, Any, Any]) -> Response[bytes]:
        path: str = request.scope["path"]
        if request.method not in ("GET", "HEAD") or _is_reserved(path):
            raise NotFoundException
        page = await anyio.to_thread.run_sync(_page_of, dist, path)
        if page is None:
            raise NotFoundException
        content, file = page
        if file is None:
            return Response(
                content,
                status_code=200 if path == "/" else 404,
                media_type=MediaType.HTML,
                headers={"Cache-Control": "no-store"},
            )
        cache = IMMUTABLE if file.is_relative_to(dist / ASSETS) else REVALIDATE
        return Response(
            content,
            status_code=200,
            media_type=_media_type(file),
            headers={"Cache-Control": cache, "Content-Security-Policy": policy},
        )

    return web_app


def _page_of(dist: Path, path: str) -> tuple[bytes, Path | None] | None:
    """What answers this path: a file of the build, the index, the "not built" page (no file),
    or nothing (None: 404)."""
    index = dist / INDEX
    if not index.is_file():
        return NOT_BUILT_PAGE.encode(), None
    found = _file_in(dist, path)
    if found is None:
        if path.startswith(f"/{ASSETS}/"):
            # A stale page asking for an asset of an older build: HTML would not run.
            return None
        found = index
    return found.read_bytes(), found


def _is_reserved(path: str) -> bool:
    return path in _RESERVED_PATHS or path.startswith(_RESERVED_PREFIXES)


def _file_in(dist: Path, path: str) -> Path | None:
    """The file of the build at this URL path, or None; never anything outside ``dist``."""
    relative = path.lstrip("/")
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    # No dot segments and no hidden files, before the file system is asked anything.
    if any(part.startswith(".") for part in PurePosixPath(relative).parts):
        return None
    candidate = (dist / relative).resolve()
    if not candidate.is_relative_to(dist) or not candidate.is_file():
        return None
    return candidate


def _media_type(file: Path) -> str:
    known = _MEDIA_TYPES.get(file.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(file.name)
    return guessed or "application/octet-stream"
