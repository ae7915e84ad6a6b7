"""The iCalendar text of a feed (RFC 5545), and feed tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import icalendar
import pytest

from thebot.domain.accounts.entities import Role
from thebot.domain.scheduling.calendar import (
    CalendarLesson,
    FeedTokens,
    escape_text,
    fold_line,
    render_ics,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LESSON_ID = UUID("01900000-0000-7000-8000-000000000001")


def lesson(**changes: object) -> CalendarLesson:
    values: dict[str, object] = {
        "id": LESSON_ID,
        "start_at": datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
        "end_at": datetime(2026, 12, 1, 16, 0, tzinfo=UTC),
        "status": "scheduled",
        "subject_name": "Mathematics",
        "teacher_name": "Teo Test",
        "student_name": "Ann Test",
        "description": None,
        "meeting_url": None,
        "created_at": NOW - timedelta(days=2),
        "updated_at": NOW - timedelta(days=1),
    }
    values.update(changes)
    return CalendarLesson(**values)  # type: ignore[arg-type]


def render(*lessons: CalendarLesson, role: Role = Role.STUDENT) -> str:
    return render_ics(lessons, viewer_role=role, now=NOW, timezone="Europe/Moscow")


def unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_calendar_has_its_properties_and_crlf_line_ends() -> None:
    text = render(lesson())
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = unfolded(text)
    for expected in (
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-TIMEZONE:Europe/Moscow",
        f"UID:{LESSON_ID}@thebot",
        "DTSTAMP:20261125T090000Z",
        "DTSTART:20261201T150000Z",
        "DTEND:20261201T160000Z",
        "LAST-MODIFIED:20261124T090000Z",
        "SEQUENCE:86400",
        "SUMMARY:Mathematics — Teo Test",
        "STATUS:CONFIRMED",
    ):
        assert expected in lines
    assert any(line.startswith("PRODID:") for line in lines)


def test_an_empty_calendar_is_valid() -> None:
    calendar = icalendar.Calendar.from_ical(render())
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize(
    ("role", "summary"),
    [
        (Role.STUDENT, "Mathematics — Teo Test"),
        (Role.TEACHER, "Mathematics — Ann Test"),
        (Role.PARENT, "Mathematics — Ann Test (Teo Test)"),
        (Role.TUTOR, "Mathematics — Ann Test (Teo Test)"),
    ],
)
def test_the_summary_names_who_the_viewer_needs(role: Role, summary: str) -> None:
    event = icalendar.Calendar.from_ical(render(lesson(), role=role)).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == summary


def test_text_is_escaped() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert escape_text("bell\x07 and\ttab") == "bell and\ttab"
    description = 'Bring: ruler, pencil; notes\\drafts\nPage 2 "quoted"'
    text = render(lesson(description=description, subject_name="Maths, advanced; A\\B"))
    assert "SUMMARY:Maths\\, advanced\\; A\\\\B — Teo Test" in unfolded(text)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Maths, advanced; A\\B — Teo Test"
    assert str(event["DESCRIPTION"]).endswith(description)


def test_long_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    description = "Повторить дроби и проценты: " * 20 + "x" * 200 + "🙂" * 40
    text = render(lesson(description=description))
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
        line.encode("utf-8").decode("utf-8")  # each physical line is whole UTF-8
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]).endswith(description)


def test_fold_line() -> None:
    assert fold_line("A" * 75) == "A" * 75
    assert fold_line("A" * 76) == "A" * 75 + "\r\n A"
    folded = fold_line("Я" * 80)  # two octets each
    first, *rest = folded.split("\r\n")
    assert first == "Я" * 37
    assert all(len(part.encode()) <= 75 and part.startswith(" ") for part in rest)
    assert folded.replace("\r\n ", "") == "Я" * 80


def test_a_cancelled_lesson_is_marked_cancelled() -> None:
    text = render(lesson(status="cancelled", cancel_reason="Teacher is ill"))
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Mathematics — Teo Test"
    assert "Teacher is ill" in str(event["DESCRIPTION"])


def test_the_meeting_link_is_the_url_and_a_bad_one_is_left_out() -> None:
    good = "https://meet.example.com/abc-def?x=1,2;3"
    event = icalendar.Calendar.from_ical(render(lesson(meeting_url=good))).walk("VEVENT")[0]
    assert str(event["URL"]) == good
    for bad in ("javascript:alert(1)", "https://x.test/a\r\nATTENDEE:evil"):
        text = render(lesson(meeting_url=bad))
        assert not any(line.startswith("URL:") for line in unfolded(text))
        assert not any(line.startswith("ATTENDEE") for line in unfolded(text))


def test_times_are_utc() -> None:
    moscow_time = datetime(2026, 12, 1, 18, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Moscow"))
    text = render(lesson(start_at=moscow_time, end_at=moscow_time + timedelta(hours=1)))
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    assert "DTSTART:20261201T180000Z" in unfolded(text)


class TestFeedTokens:
    tokens = FeedTokens("a-secret-key-for-tests-only-0123456789")

    def test_a_signed_token_verifies(self) -> None:
        user = uuid4()
        token = self.tokens.sign(user, 3)
        assert self.tokens.verify(token) == (user, 3)
        assert token.isascii()
        assert all(c.isalnum() or c in "-_." for c in token)

    def test_anything_else_does_not(self) -> None:
        user = uuid4()
        token = self.tokens.sign(user, 1)
        payload, mac = token.split(".")
        other = self.tokens.sign(uuid4(), 1)
        forged = [
            "",
            "garbage",
            ".",
            token + "x",
            payload,
            f"{payload}.{other.split('.')[1]}",
            f"{other.split('.')[0]}.{mac}",
            f"{payload}.{mac[:-1]}",
            f"{payload}.{mac}=",
            "é" * 10,
            "A" * 1000,
            FeedTokens("another-secret-key-for-tests-0123456789").sign(user, 1),
        ]
        for candidate in forged:
            assert self.tokens.verify(candidate) is None, candidate
