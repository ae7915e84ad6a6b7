"""Text that no database column can hold: NUL characters.

PostgreSQL refuses ``\\x00`` in text (SQLite stores it), so without these checks the same input
is a 500 on one database and data on the other. Query parameters and JSON bodies are refused
before any handler runs, alike on both databases; a NUL that still reaches the database (a
multipart text field) is answered as bad input.
"""

from __future__ import annotations

import re
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from sqlalchemy.exc import DBAPIError

from thebot.domain.shared.errors import FieldError, Invalid

NUL_MESSAGE = "must not contain NUL characters"
# JSON spells NUL only as an escape (a raw NUL byte is not JSON at all): ``\\u0000`` preceded by
# an even number of backslashes (an odd one would make it the text "\\u0000", which is fine).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def refuse_nul_in_query(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """Guard: every query parameter holding a NUL character is named in one 400."""
    named = sorted(
        {name for name, value in connection.query_params.multi_items() if "\x00" in value}
    )
    if named:
        raise Invalid(
            f"{named[0]}: {NUL_MESSAGE}", [FieldError(name, NUL_MESSAGE) for name in named]
        )


def refuse_nul_in_json(body: bytes) -> None:
    """A JSON body with a NUL character in any string is refused (400) before it is read."""
    if _JSON_NUL.search(body):
        raise Invalid(f"Text {NUL_MESSAGE}.", [FieldError("body", NUL_MESSAGE)])


def is_nul_refused_by_database(exc: BaseException) -> bool:
    """PostgreSQL (asyncpg) refused a NUL character in text sent to it."""
    if not isinstance(exc, DBAPIError):
        return False
    message = str(exc.orig)
    return "invalid byte sequence" in message and "0x00" in message
