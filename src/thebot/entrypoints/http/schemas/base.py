"""Base classes for API bodies."""

from __future__ import annotations

import msgspec


class RequestBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A request body: unknown fields are refused, never silently ignored."""


class ResponseBody(msgspec.Struct, kw_only=True):
    """A response body."""
