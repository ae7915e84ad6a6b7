"""Domain errors. The HTTP edge turns each into an RFC 9457 problem response."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec


class FieldError(msgspec.Struct, frozen=True):
    field: str
    message: str


class DomainError(Exception):
    """Base of every rule the domain refuses; ``detail`` is safe to show to the user."""

    title = "Request refused"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Invalid(DomainError):
    """The input breaks a rule (400); ``errors`` names the fields."""

    title = "Invalid input"

    def __init__(self, detail: str, errors: Sequence[FieldError] = ()) -> None:
        super().__init__(detail)
        self.errors = tuple(errors)

    @classmethod
    def field(cls, field: str, message: str) -> Invalid:
        return cls(message, [FieldError(field, message)])


class Unauthenticated(DomainError):
    """No valid credentials (401)."""

    title = "Authentication required"


class Forbidden(DomainError):
    """The caller is known but may not do this (403)."""

    title = "Forbidden"

    def __init__(self, detail: str, code: str = "forbidden") -> None:
        super().__init__(detail)
        self.code = code


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it exists (404)."""

    title = "Not found"


class Conflict(DomainError):
    """The request conflicts with the current state (409)."""

    title = "Conflict"


class PayloadTooLarge(DomainError):
    """What was sent is bigger than the platform accepts (413)."""

    title = "Payload too large"


class TooManyAttempts(DomainError):
    """A limit was reached (429); the caller may try again after ``retry_after`` seconds."""

    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = max(1, retry_after)


class ProviderUnavailable(DomainError):
    """An outside service did not answer; the request may be repeated later (503)."""

    title = "Service unavailable"


class ProviderRefused(DomainError):
    """An outside service refused the request for good (502)."""

    title = "Bad gateway"
