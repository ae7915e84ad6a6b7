"""Secrets that other libraries would write into our logs, blanked before any line is rendered.

At DEBUG the WebSocket server logs each handshake's request line and headers: the one-time ticket
rides in the URL (browsers cannot set headers on a handshake), and a client may send an
``Authorization`` header or cookies. Our own log lines never carry these; this catches the lines
of the libraries under us, whatever their level.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

REDACTED = "[redacted]"
_SECRET_QUERY = re.compile(
    r"(?i)([?&](?:ticket|token|access_token|refresh_token|password)=)[^&\s\"'#]+"
)
_SECRET_HEADER = re.compile(r"(?i)\b((?:proxy-)?authorization|cookie|set-cookie)(:\s*)[^\r\n\"]+")


def redact(text: str) -> str:
    text = _SECRET_QUERY.sub(rf"\g<1>{REDACTED}", text)
    return _SECRET_HEADER.sub(rf"\g<1>\g<2>{REDACTED}", text)


def redact_secrets(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: every text value of the event, the message included."""
    for key, value in event_dict.items():
        if isinstance(value, str):
            event_dict[key] = redact(value)
    return event_dict
