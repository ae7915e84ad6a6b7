"""Hand-made JSON Web Tokens: any header, any claims, for tests of what the platform refuses."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def hand_made(header: dict[str, Any], claims: dict[str, Any], key: bytes | None) -> str:
    """A token with any header, HMAC-SHA256 signed with ``key`` (or unsigned)."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    if key is None:
        return signing_input + "."
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"
