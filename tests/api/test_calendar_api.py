"""Personal calendar feeds: the URL, its rotation, and the iCalendar feed each role sees."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import httpx
import icalendar
import pytest

from tests.api.helpers import assert_problem
from tests.api.learning_helpers import School, build_school
from tests.fakes.clock import FakeClock
from thebot.adapters.db.models import LessonModel
from thebot.bootstrap import Container
from thebot.config import Settings
from thebot.domain.scheduling.calendar import FeedTokens

PUBLIC_URL = "https://lessons.school.test"


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    # A public URL unlike the address the test client talks to: feed URLs must come from it.
    return make_settings(public_url=PUBLIC_URL)


async def add_lesson(
    school: School,
    student: str,
    subject: str,
    teacher: str,
    start: datetime,
    *,
    minutes: int = 60,
    **extra: Any,
) -> UUID:
    lesson_id = uuid4()
    async with school.container.unit_of_work() as uow:
        uow.session.add(
            LessonModel(
                id=lesson_id,
                teacher_id=school[teacher].id,
                student_id=school[student].id,
                subject_id=school.subjects[subject],
                start_at=start,
                end_at=start + timedelta(minutes=minutes),
                **extra,
            )
        )
        await uow.commit()
    return lesson_id


async def feed_url(school: School, who: str) -> str:
    response = await school.client.get("/api/v1/calendar", headers=school[who].headers)
    assert response.status_code == 200, response.text
    url: str = response.json()["feed_url"]
    return url


async def fetch(client: httpx.AsyncClient, url: str) -> httpx.Response:
    """GET an absolute feed URL through the test client (no credentials)."""
    parts = urlsplit(url)
    return await client.get(f"{parts.path}?{parts.query}")


async def feed_of(school: School, who: str) -> icalendar.Calendar:
    response = await fetch(school.client, await feed_url(school, who))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def uids(calendar: icalendar.Calendar) -> list[str]:
    return [str(event["UID"]) for event in calendar.walk("VEVENT")]


def when(event: Any, name: str) -> datetime:
    """A DATE-TIME property of an event, as read by icalendar."""
    moment = event[name].dt
    assert isinstance(moment, datetime)
    return moment


def uid(lesson_id: UUID) -> str:
    return f"{lesson_id}@thebot"


async def test_the_feed_url_is_absolute_from_the_public_url(
    client: httpx.AsyncClient, container: Container
) -> None:
    school = await build_school(client, container)
    url = await feed_url(school, "ann")
    assert url.startswith(f"{PUBLIC_URL}/api/v1/calendar.ics?token=")
    # Asking again gives the same URL until it is rotated.
    assert await feed_url(school, "ann") == url
    assert await feed_url(school, "bob") != url


async def test_each_role_sees_exactly_its_lessons(
    client: httpx.AsyncClient, container: Container, clock: FakeClock
) -> None:
    school = await build_school(client, container)
    soon = clock.now() + timedelta(days=3)
    ann_maths = await add_lesson(school, "ann", "Mathematics", "teo", soon)
    ann_english = await add_lesson(school, "ann", "English", "tara", soon + timedelta(hours=2))
    bob_maths = await add_lesson(school, "bob", "Mathematics", "teo", soon - timedelta(days=1))
    cid_physics = await add_lesson(
        school, "cid", "Physics", "tara", soon + timedelta(days=1), status="cancelled"
    )
    # Outside the window: long past, and too far ahead.
    await add_lesson(school, "ann", "Mathematics", "teo", clock.now() - timedelta(days=61))
    await add_lesson(school, "ann", "Mathematics", "teo", clock.now() + timedelta(days=366))

    expected = {
        "ann": [ann_maths, ann_english],
        "bob": [bob_maths],
        "cid": [cid_physics],
        "teo": [bob_maths, ann_maths],
        "tara": [ann_english, cid_physics],
        "paula": [bob_maths, ann_maths, ann_english],
        "pete": [cid_physics],
        "tina": [bob_maths, ann_maths, ann_english],
        "tom": [cid_physics],
        "admin": [],
    }
    for who, lessons in expected.items():
        assert uids(await feed_of(school, who)) == [uid(i) for i in lessons], who


async def test_event_content_and_cancelled_lessons(
    client: httpx.AsyncClient, container: Container, clock: FakeClock
) -> None:
    school = await build_school(client, container)
    start = clock.now() + timedelta(days=2)
    await add_lesson(
        school,
        "ann",
        "Mathematics",
        "teo",
        start,
        description="Fractions, percents; homework\nchapter 3",
        meeting_url="https://meet.example.com/abc",
    )
    await add_lesson(
        school,
        "ann",
        "English",
        "tara",
        start + timedelta(days=1),
        status="cancelled",
        cancel_reason="Teacher is ill",
    )
    calendar = await feed_of(school, "ann")
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Moscow"
    maths, english = calendar.walk("VEVENT")
    assert str(maths["SUMMARY"]) == "Mathematics — Teo Test"
    assert str(maths["STATUS"]) == "CONFIRMED"
    assert str(maths["URL"]) == "https://meet.example.com/abc"
    assert "Fractions, percents; homework\nchapter 3" in str(maths["DESCRIPTION"])
    assert when(maths, "DTSTART") == start
    assert when(maths, "DTEND") == start + timedelta(hours=1)
    assert str(english["STATUS"]) == "CANCELLED"
    assert str(english["SUMMARY"]) == "Cancelled: English — Tara Test"
    assert "Teacher is ill" in str(english["DESCRIPTION"])
    teacher_view = (await feed_of(school, "tara")).walk("VEVENT")[0]
    assert str(teacher_view["SUMMARY"]) == "Cancelled: English — Ann Test"


@pytest.mark.parametrize("client_zone", ["Asia/Tokyo", "America/New_York"])
async def test_times_round_trip_in_client_timezones(
    client: httpx.AsyncClient, container: Container, clock: FakeClock, client_zone: str
) -> None:
    clock.current = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    school = await build_school(client, container)
    summer = datetime(2026, 7, 15, 10, 0, tzinfo=UTC)
    winter = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)
    await add_lesson(school, "ann", "Mathematics", "teo", summer, minutes=45)
    await add_lesson(school, "ann", "Mathematics", "teo", winter, minutes=45)
    zone = ZoneInfo(client_zone)
    events = (await feed_of(school, "ann")).walk("VEVENT")
    assert len(events) == 2
    for event, instant in zip(events, (summer, winter), strict=True):
        start = when(event, "DTSTART")
        end = when(event, "DTEND")
        assert start.utcoffset() == timedelta(0)
        local = start.astimezone(zone)
        assert local == instant.astimezone(zone)
        assert local.utcoffset() == instant.astimezone(zone).utcoffset()
        assert end.astimezone(zone) - local == timedelta(minutes=45)
    summer_local = when(events[0], "DTSTART").astimezone(zone)
    winter_local = when(events[1], "DTSTART").astimezone(zone)
    if client_zone == "Asia/Tokyo":
        assert (summer_local.hour, winter_local.hour) == (19, 19)
    else:  # EDT in July, EST in December
        assert (summer_local.hour, winter_local.hour) == (6, 5)


async def test_rotation_retires_the_old_url(
    client: httpx.AsyncClient, container: Container, clock: FakeClock
) -> None:
    school = await build_school(client, container)
    await add_lesson(school, "ann", "Mathematics", "teo", clock.now() + timedelta(days=1))
    old = await feed_url(school, "ann")
    assert (await fetch(client, old)).status_code == 200
    response = await client.post("/api/v1/calendar/rotate", headers=school["ann"].headers)
    assert response.status_code == 200, response.text
    new = response.json()["feed_url"]
    assert new != old
    assert new.startswith(f"{PUBLIC_URL}/api/v1/calendar.ics?token=")
    assert await feed_url(school, "ann") == new
    assert_problem(await fetch(client, old), 404)
    assert len((await feed_of(school, "ann")).walk("VEVENT")) == 1
    # Rotating again retires the second URL too.
    response = await client.post("/api/v1/calendar/rotate", headers=school["ann"].headers)
    newest = response.json()["feed_url"]
    assert_problem(await fetch(client, new), 404)
    assert (await fetch(client, newest)).status_code == 200
    # Someone else's feed is untouched.
    bob = await feed_url(school, "bob")
    assert (await fetch(client, bob)).status_code == 200


async def test_unknown_tokens_are_not_found(
    client: httpx.AsyncClient, container: Container, settings: Settings
) -> None:
    school = await build_school(client, container)
    url = await feed_url(school, "ann")
    token = parse_qs(urlsplit(url).query)["token"][0]
    payload, mac = token.split(".")
    tokens = FeedTokens(settings.effective_secret_key)
    candidates = [
        "garbage",
        "",
        token[:-2],
        f"{payload}.{'A' * len(mac)}",
        # Well signed, but for a generation the user has not reached, or for nobody.
        tokens.sign(school["ann"].id, 2),
        tokens.sign(school["ann"].id, 0),
        tokens.sign(uuid4(), 1),
        # Signed with another key.
        FeedTokens("another-secret-key-0123456789-abcdefgh").sign(school["ann"].id, 1),
    ]
    details = set()
    for candidate in candidates:
        response = await client.get("/api/v1/calendar.ics", params={"token": candidate})
        details.add(assert_problem(response, 404)["detail"])
        assert "Ann" not in response.text
        assert str(school["ann"].id) not in response.text
    assert len(details) == 1


async def test_a_deactivated_users_feed_is_gone(
    client: httpx.AsyncClient, container: Container
) -> None:
    from sqlalchemy import update

    from thebot.adapters.db.models import UserModel

    school = await build_school(client, container)
    url = await feed_url(school, "bob")
    async with container.unit_of_work() as uow:
        await uow.session.execute(
            update(UserModel).where(UserModel.id == school["bob"].id).values(is_active=False)
        )
        await uow.commit()
    assert_problem(await fetch(client, url), 404)


async def test_signing_in_is_needed_for_the_url_but_not_the_feed(
    client: httpx.AsyncClient, container: Container
) -> None:
    assert_problem(await client.get("/api/v1/calendar"), 401)
    assert_problem(await client.post("/api/v1/calendar/rotate"), 401)
    school = await build_school(client, container)
    url = await feed_url(school, "ann")
    response = await fetch(client, url)
    assert response.status_code == 200
    assert response.text.startswith("BEGIN:VCALENDAR\r\n")


async def test_the_feed_costs_the_same_statements_for_2_and_20_lessons(
    client: httpx.AsyncClient,
    container: Container,
    clock: FakeClock,
    count_statements: Callable[[], Any],
) -> None:
    school = await build_school(client, container)
    start = clock.now() + timedelta(days=1)
    for i in range(2):
        await add_lesson(school, "ann", "Mathematics", "teo", start + timedelta(days=i))
    url = await feed_url(school, "paula")
    with count_statements() as few:
        response = await fetch(client, url)
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 2
    for i in range(18):
        await add_lesson(school, "bob", "Mathematics", "teo", start + timedelta(days=i, hours=3))
    with count_statements() as many:
        response = await fetch(client, url)
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 20
    assert many.count == few.count
    assert few.count <= 3, few.statements


async def test_rotating_needs_the_owner_signed_in_and_a_refusal_changes_nothing(
    client: httpx.AsyncClient, container: Container
) -> None:
    school = await build_school(client, container)
    url = await feed_url(school, "ann")
    assert_problem(await client.post("/api/v1/calendar/rotate"), 401)
    forged = {"Authorization": "Bearer not-a-token"}
    assert_problem(await client.post("/api/v1/calendar/rotate", headers=forged), 401)
    # Someone else rotating their own feed leaves ann's URL working.
    await client.post("/api/v1/calendar/rotate", headers=school["bob"].headers)
    assert await feed_url(school, "ann") == url
    assert (await fetch(client, url)).status_code == 200
