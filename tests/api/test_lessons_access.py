"""Who sees which lessons, filters, history, live events, and the cost of a list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.api.lesson_helpers import LESSONS, at, lesson_ids, scheduled
from thebot.bootstrap import Container


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.fixture
async def lessons(school: School) -> dict[str, str]:
    """ann: maths (teo) and english (tara); bob: maths (teo); cid: physics (tara)."""
    made = {
        "ann_maths": await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00")),
        "ann_english": await scheduled(school, "tara", "ann", "English", at("12:00"), at("13:00")),
        "bob_maths": await scheduled(
            school,
            "teo",
            "bob",
            "Mathematics",
            at("10:00", "2026-11-27"),
            at("11:00", "2026-11-27"),
        ),
        "cid_physics": await scheduled(school, "tara", "cid", "Physics", at("15:00"), at("16:00")),
    }
    return {name: lesson["id"] for name, lesson in made.items()}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ann", ["ann_maths", "ann_english"]),
        ("bob", ["bob_maths"]),
        ("teo", ["ann_maths", "bob_maths"]),
        ("tara", ["ann_english", "cid_physics"]),
        ("tina", ["ann_maths", "ann_english", "bob_maths"]),
        ("paula", ["ann_maths", "ann_english", "bob_maths"]),
        ("tom", ["cid_physics"]),
        ("pete", ["cid_physics"]),
        ("admin", ["ann_maths", "ann_english", "cid_physics", "bob_maths"]),
    ],
)
async def test_each_role_sees_exactly_its_lessons(
    school: School, lessons: dict[str, str], who: str, expected: list[str]
) -> None:
    ids = await lesson_ids(school, who)
    assert sorted(ids) == sorted(lessons[name] for name in expected)
    for name, lesson_id in lessons.items():
        response = await school.client.get(f"{LESSONS}/{lesson_id}", headers=school[who].headers)
        history = await school.client.get(
            f"{LESSONS}/{lesson_id}/history", headers=school[who].headers
        )
        if name in expected:
            assert (response.status_code, history.status_code) == (200, 200)
        else:
            assert_problem(response, 404)
            assert_problem(history, 404)


async def test_lists_are_by_start_time_and_filter(school: School, lessons: dict[str, str]) -> None:
    assert await lesson_ids(school, "admin") == [
        lessons["ann_maths"],
        lessons["ann_english"],
        lessons["cid_physics"],
        lessons["bob_maths"],
    ]
    assert await lesson_ids(school, "tina", student_id=str(school["bob"].id)) == [
        lessons["bob_maths"]
    ]
    assert await lesson_ids(school, "paula", teacher_id=str(school["tara"].id)) == [
        lessons["ann_english"]
    ]
    period = {"from": at("11:00"), "to": at("00:00", "2026-11-27")}
    assert await lesson_ids(school, "admin", **period) == [
        lessons["ann_english"],
        lessons["cid_physics"],
    ]
    await school.client.delete(
        f"{LESSONS}/{lessons['cid_physics']}", headers=school["tara"].headers
    )
    assert await lesson_ids(school, "tom", status="cancelled") == [lessons["cid_physics"]]
    assert await lesson_ids(school, "tom", status="scheduled") == []
    # A foreign student's filter shows nothing rather than someone else's lessons.
    assert await lesson_ids(school, "pete", student_id=str(school["ann"].id)) == []


async def test_upcoming_lists_the_next_scheduled_lessons(
    school: School, lessons: dict[str, str]
) -> None:
    response = await school.client.get(
        f"{LESSONS}/upcoming", params={"limit": 2}, headers=school["paula"].headers
    )
    assert [lesson["id"] for lesson in response.json()] == [
        lessons["ann_maths"],
        lessons["ann_english"],
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "yesterday"},
        {"status": "postponed"},
        {"student_id": "ann"},
        {"limit": 0},
        {"from": at("12:00"), "to": at("11:00")},
    ],
)
async def test_malformed_filters_are_refused(
    school: School, lessons: dict[str, str], params: dict[str, Any]
) -> None:
    response = await school.client.get(LESSONS, params=params, headers=school["admin"].headers)
    assert_problem(response, 400)


async def test_anonymous_is_401(school: School) -> None:
    assert_problem(await school.client.get(LESSONS), 401)
    assert_problem(await school.client.get(f"{LESSONS}/upcoming"), 401)


async def test_history_shows_every_change_with_who_and_what(
    school: School, lessons: dict[str, str]
) -> None:
    lesson_id = lessons["ann_maths"]
    url = f"{LESSONS}/{lesson_id}"
    headers = school["teo"].headers
    await school.client.patch(
        url, json={"start_at": at("10:30"), "end_at": at("11:30")}, headers=headers
    )
    await school.client.patch(url, json={"description": "Bring a ruler"}, headers=headers)
    await school.client.delete(url, params={"reason": "Holiday"}, headers=headers)
    history = (await school.client.get(f"{url}/history", headers=school["paula"].headers)).json()
    assert [entry["action"] for entry in history] == ["created", "updated", "updated", "cancelled"]
    assert all(
        entry["actor"] == {"id": str(school["teo"].id), "name": "Teo Test"} for entry in history
    )
    assert history[0]["changes"]["start_at"] == [None, "2026-11-26T07:00:00+00:00"]
    assert history[1]["changes"] == {
        "end_at": ["2026-11-26T08:00:00+00:00", "2026-11-26T08:30:00+00:00"],
        "start_at": ["2026-11-26T07:00:00+00:00", "2026-11-26T07:30:00+00:00"],
    }
    assert history[2]["changes"] == {"description": [None, "Bring a ruler"]}
    assert history[3]["changes"] == {
        "cancel_reason": [None, "Holiday"],
        "status": ["scheduled", "cancelled"],
    }


class RecordingPublisher:
    def __init__(self) -> None:
        self.events: list[tuple[set[UUID], str, dict[str, Any]]] = []

    async def publish_to_users(
        self, user_ids: Iterable[UUID], event: str, data: Mapping[str, Any]
    ) -> None:
        self.events.append((set(user_ids), event, dict(data)))


async def test_the_student_and_parent_are_told_after_each_change(
    school: School, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = RecordingPublisher()
    monkeypatch.setattr(Container, "realtime", property(lambda _self: recorder))
    lesson = await scheduled(school, "teo", "ann", "Mathematics", at("10:00"), at("11:00"))
    url = f"{LESSONS}/{lesson['id']}"
    await school.client.patch(url, json={"end_at": at("11:30")}, headers=school["teo"].headers)
    await school.client.delete(url, headers=school["teo"].headers)
    # A refused change tells nobody anything.
    await school.client.patch(url, json={"end_at": at("12:00")}, headers=school["teo"].headers)
    told = {school[name].id for name in ("ann", "paula", "teo")}
    # (Each change's notifications are pushed too: test_notification_events.py covers them.)
    lesson_events = [
        (users, event) for users, event, _ in recorder.events if event != "notification"
    ]
    assert lesson_events == [
        (told, "lesson.created"),
        (told, "lesson.updated"),
        (told, "lesson.cancelled"),
    ]
    data = recorder.events[0][2]
    assert data["id"] == lesson["id"]
    assert data["link"] == f"/lessons/{lesson['id']}"
    assert data["start_at"] == "2026-11-26T07:00:00Z"


async def test_a_list_costs_the_same_for_few_and_many(
    school: School, count_statements: Any
) -> None:
    async def cost() -> int:
        with count_statements() as counter:
            await lesson_ids(school, "paula")
        return int(counter.count)

    await scheduled(school, "teo", "ann", "Mathematics", at("08:00"), at("09:00"))
    few = await cost()
    for day in range(27, 30):
        for hour in ("08", "10", "12", "14", "16"):
            await scheduled(
                school,
                "teo",
                "bob",
                "Mathematics",
                at(f"{hour}:00", f"2026-11-{day}"),
                at(f"{hour}:45", f"2026-11-{day}"),
            )
    assert len(await lesson_ids(school, "paula")) == 16
    assert await cost() == few
