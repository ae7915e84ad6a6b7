"""Refresh tokens are opaque random strings; only their SHA-256 is ever stored."""

from __future__ import annotations

import hashlib
import secrets


def new_refresh_token() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
