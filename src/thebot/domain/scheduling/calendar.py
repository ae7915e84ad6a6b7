"""Personal calendar feeds: signed feed tokens and the iCalendar (RFC 5545) text of a feed.

A feed URL carries a token signed over (user, generation); nothing secret is stored. Rotating a
feed raises the stored generation, so every earlier token stops verifying at once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Final
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import Principal, Role
from thebot.domain.scheduling.calendar_ports import CalendarFeeds, CalendarLessons
from thebot.domain.shared.errors import NotFound
from thebot.domain.shared.ports import Clock

PRODID: Final = "-//THE BOT//Lessons//EN"
CALENDAR_NAME: Final = "THE BOT lessons"
# Which lessons a feed holds: from this long ago to this far ahead.
FEED_PAST: Final = timedelta(days=60)
FEED_AHEAD: Final = timedelta(days=365)
# How often subscribed clients should fetch the feed again.
REFRESH_INTERVAL: Final = "PT1H"
MAX_LINE_OCTETS: Final = 75

_UNKNOWN_FEED: Final = "No such calendar feed."


class CalendarLesson(msgspec.Struct, frozen=True, kw_only=True):
    """One lesson as a feed shows it (times UTC-aware)."""

    id: UUID
    start_at: datetime
    end_at: datetime
    status: str  # scheduled | completed | cancelled
    subject_name: str
    teacher_name: str
    student_name: str
    description: str | None
    meeting_url: str | None
    updated_at: datetime
    created_at: datetime | None = None
    cancel_reason: str | None = None


class FeedOwner(msgspec.Struct, frozen=True, kw_only=True):
    """Whose feed a token opens: what the feed needs to know about them."""

    user_id: UUID
    role: Role
    is_active: bool
    generation: int


# ----- feed tokens ------------------------------------------------------------------------


class FeedTokens:
    """Signs and verifies feed tokens: ``base64url(user id + generation) "." base64url(MAC)``.

    The MAC is a truncated HMAC-SHA256 under a key derived from the platform secret for this use
    only, so a feed token can never stand in for any other signed value.
    """

    PAYLOAD_BYTES: Final = 16 + 4
    MAC_BYTES: Final = 16
    MAX_TOKEN_CHARS: Final = 64

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode("utf-8"), b"calendar-feed", hashlib.sha256).digest()

    def sign(self, user_id: UUID, generation: int) -> str:
        payload = _b64(user_id.bytes + generation.to_bytes(4, "big"))
        return f"{payload}.{_b64(self._mac(payload))}"

    def verify(self, token: str) -> tuple[UUID, int] | None:
        """The (user id, generation) a genuine token was signed over; None for anything else."""
        if not token or len(token) > self.MAX_TOKEN_CHARS or not token.isascii():
            return None
        payload, dot, mac = token.partition(".")
        if not dot:
            return None
        raw = _unb64(payload)
        given_mac = _unb64(mac)
        if raw is None or given_mac is None or len(raw) != self.PAYLOAD_BYTES:
            return None
        if not hmac.compare_digest(given_mac, self._mac(payload)):
            return None
        return UUID(bytes=raw[:16]), int.from_bytes(raw[16:], "big")

    def _mac(self, payload: str) -> bytes:
        return hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest()[
            : self.MAC_BYTES
        ]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes | None:
    if not text or any(c not in _B64_ALPHABET for c in text):
        return None
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


_B64_ALPHABET: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


# ----- the service ------------------------------------------------------------------------


class CalendarService:
    """Hands out, rotates and serves personal feeds."""

    def __init__(
        self,
        *,
        feeds: CalendarFeeds,
        lessons: CalendarLessons,
        tokens: FeedTokens,
        feed_url: Callable[[str], str],
        clock: Clock,
        timezone: str,
        calendar_name: str = CALENDAR_NAME,
    ) -> None:
        self._feeds = feeds
        self._lessons = lessons
        self._tokens = tokens
        self._url = feed_url
        self._clock = clock
        self._timezone = timezone
        self._calendar_name = calendar_name

    async def feed_url(self, principal: Principal) -> str:
        """The absolute URL of one's current feed."""
        generation = await self._feeds.generation(principal.id)
        return self._url(self._tokens.sign(principal.id, generation))

    async def rotate(self, principal: Principal) -> str:
        """A new feed URL; every earlier one stops working (the caller commits)."""
        generation = await self._feeds.rotate(principal.id, self._clock.now())
        return self._url(self._tokens.sign(principal.id, generation))

    async def feed(self, token: str) -> str:
        """The iCalendar text of the feed ``token`` opens; ``NotFound`` for any other token."""
        signed = self._tokens.verify(token)
        if signed is None:
            raise NotFound(_UNKNOWN_FEED)
        user_id, generation = signed
        owner = await self._feeds.owner(user_id)
        if owner is None or not owner.is_active or owner.generation != generation:
            raise NotFound(_UNKNOWN_FEED)
        now = self._clock.now()
        lessons: list[CalendarLesson] = []
        if owner.role is not Role.ADMIN:
            lessons = await self._lessons.for_feed(
                owner.user_id, owner.role, now - FEED_PAST, now + FEED_AHEAD
            )
        return render_ics(
            lessons,
            viewer_role=owner.role,
            now=now,
            timezone=self._timezone,
            calendar_name=self._calendar_name,
        )


# ----- RFC 5545 text ----------------------------------------------------------------------


def render_ics(
    lessons: Iterable[CalendarLesson],
    *,
    viewer_role: Role,
    now: datetime,
    timezone: str,
    calendar_name: str = CALENDAR_NAME,
) -> str:
    """A VCALENDAR of ``lessons``: CRLF line ends, lines folded at 75 octets, times in UTC."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
        f"X-WR-TIMEZONE:{escape_text(timezone)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH_INTERVAL}",
        f"X-PUBLISHED-TTL:{REFRESH_INTERVAL}",
    ]
    stamp = format_utc(now)
    for lesson in lessons:
        lines.extend(_event(lesson, viewer_role, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def _event(lesson: CalendarLesson, viewer_role: Role, stamp: str) -> list[str]:
    cancelled = lesson.status == "cancelled"
    summary = f"{lesson.subject_name} — {_counterpart(lesson, viewer_role)}"
    if cancelled:
        summary = f"Cancelled: {summary}"
    details = [f"Subject: {lesson.subject_name}"]
    details.append(f"Teacher: {lesson.teacher_name}")
    details.append(f"Student: {lesson.student_name}")
    if cancelled and lesson.cancel_reason:
        details.append(f"Cancelled: {lesson.cancel_reason}")
    if lesson.meeting_url:
        details.append(f"Meeting: {lesson.meeting_url}")
    if lesson.description:
        details.extend(("", lesson.description))
    event = [
        "BEGIN:VEVENT",
        f"UID:{lesson.id}@thebot",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{format_utc(lesson.start_at)}",
        f"DTEND:{format_utc(lesson.end_at)}",
        f"LAST-MODIFIED:{format_utc(lesson.updated_at)}",
        f"SEQUENCE:{_sequence(lesson)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(details))}",
    ]
    url = _safe_url(lesson.meeting_url)
    if url:
        event.append(f"URL:{url}")
    event.append("STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED")
    event.append("TRANSP:TRANSPARENT" if cancelled else "TRANSP:OPAQUE")
    event.append("END:VEVENT")
    return event


def _counterpart(lesson: CalendarLesson, viewer_role: Role) -> str:
    """The name that tells the viewer whose lesson it is."""
    if viewer_role is Role.STUDENT:
        return lesson.teacher_name
    if viewer_role is Role.TEACHER:
        return lesson.student_name
    # Parents and tutors follow several students: name the student, then the teacher.
    return f"{lesson.student_name} ({lesson.teacher_name})"


def _sequence(lesson: CalendarLesson) -> int:
    """Grows with every change of the lesson (seconds between creation and last change)."""
    if lesson.created_at is None:
        return 0
    return max(0, int((lesson.updated_at - lesson.created_at).total_seconds()))


def _safe_url(url: str | None) -> str | None:
    """A meeting link fit for a URI value: http(s), no whitespace or control characters."""
    if not url:
        return None
    url = url.strip()
    if not url.lower().startswith(("https://", "http://")):
        return None
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    return url


def format_utc(moment: datetime) -> str:
    """A DATE-TIME in UTC form (``19970714T173000Z``); a naive value is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): ``\\ ; ,`` and line breaks escaped, controls dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if c in "\t\n" or not _is_control(c))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or code == 0x7F


def fold_line(line: str) -> str:
    """Fold a content line so no physical line exceeds 75 octets (RFC 5545 §3.1).

    Continuation lines begin with one space; a UTF-8 character is never split between lines.
    """
    if len(line.encode("utf-8")) <= MAX_LINE_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size = [], 0
            limit = MAX_LINE_OCTETS - 1  # the leading space of a continuation line counts
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)
