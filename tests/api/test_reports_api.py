"""Progress reports over HTTP: who writes to whom, drafts, sending, reading, unread counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from thebot.bootstrap import Container

REPORTS = "/api/v1/reports"


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


def about(
    school: School, student: str, subject: str | None = "Mathematics", **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "student_id": str(school[student].id),
        "period_start": "2026-11-01",
        "period_end": "2026-11-30",
        "title": "November progress",
        "summary": "Steady work on fractions.",
        "progress_percentage": 72,
        "attendance_percentage": 95,
        **extra,
    }
    if subject is not None:
        body["subject_id"] = str(school.subjects[subject])
    return body


async def test_teacher_report_reaches_tutor_and_parent_who_read_it(school: School) -> None:
    created = await school.client.post(
        REPORTS, json=about(school, "ann", send=True), headers=school["teo"].headers
    )
    assert created.status_code == 201, created.text
    report = created.json()
    assert report["status"] == "sent"
    assert report["sent_at"] is not None
    assert report["subject_name"] == "Mathematics"
    assert report["author_role"] == "teacher"
    assert sorted(r["role"] for r in report["recipients"]) == ["parent", "tutor"]

    inbox = (await school.client.get(REPORTS, headers=school["paula"].headers)).json()
    assert inbox["unread_count"] == 1
    assert [r["id"] for r in inbox["items"]] == [report["id"]]
    assert inbox["items"][0]["is_unread"] is True
    read = await school.client.post(
        f"{REPORTS}/{report['id']}/read", headers=school["paula"].headers
    )
    assert read.status_code == 200
    assert read.json()["is_unread"] is False
    again = await school.client.post(
        f"{REPORTS}/{report['id']}/read", headers=school["paula"].headers
    )
    assert again.json()["read_at"] == read.json()["read_at"]
    assert (await school.client.get(REPORTS, headers=school["paula"].headers)).json()[
        "unread_count"
    ] == 0
    assert (await school.client.get(REPORTS, headers=school["tina"].headers)).json()[
        "unread_count"
    ] == 1
    unread_only = await school.client.get(
        REPORTS, params={"unread": "true"}, headers=school["paula"].headers
    )
    assert unread_only.json()["total"] == 0

    student_view = (await school.client.get(REPORTS, headers=school["ann"].headers)).json()
    assert [r["id"] for r in student_view["items"]] == [report["id"]]
    assert "is_unread" not in student_view["items"][0]
    for outsider in ("bob", "pete", "tom", "tara", "cid"):
        listed = (await school.client.get(REPORTS, headers=school[outsider].headers)).json()
        assert listed["total"] == 0, outsider
        assert_problem(
            await school.client.get(f"{REPORTS}/{report['id']}", headers=school[outsider].headers),
            404,
        )
        assert_problem(
            await school.client.post(
                f"{REPORTS}/{report['id']}/read", headers=school[outsider].headers
            ),
            404,
        )
    assert_problem(
        await school.client.post(f"{REPORTS}/{report['id']}/read", headers=school["ann"].headers),
        403,
    )


async def test_reading_a_report_reads_its_notification_and_no_other(school: School) -> None:
    first = await school.client.post(
        REPORTS, json=about(school, "ann", send=True), headers=school["teo"].headers
    )
    second = await school.client.post(
        REPORTS, json=about(school, "bob", send=True), headers=school["teo"].headers
    )

    async def unread(who: str) -> list[str]:
        inbox = await school.client.get(
            "/api/v1/notifications", params={"unread": "true"}, headers=school[who].headers
        )
        return sorted(n["link"] for n in inbox.json()["items"] if n["kind"] == "report_received")

    links = {r.json()["id"]: f"/reports/{r.json()['id']}" for r in (first, second)}
    assert await unread("paula") == sorted(links.values())
    # Refused reads (not a recipient, someone else's report, no such id) settle nothing.
    url = f"{REPORTS}/{first.json()['id']}/read"
    assert_problem(await school.client.post(url, headers=school["ann"].headers), 403)
    assert_problem(await school.client.post(url, headers=school["pete"].headers), 404)
    assert_problem(
        await school.client.post(f"{REPORTS}/not-a-report/read", headers=school["paula"].headers),
        404,
    )
    assert await unread("paula") == sorted(links.values())
    opened = await school.client.post(
        f"{REPORTS}/{first.json()['id']}/read", headers=school["paula"].headers
    )
    assert opened.status_code == 200
    assert await unread("paula") == [links[second.json()["id"]]]
    # The tutor, another recipient of the same report, still has hers.
    assert await unread("tina") == sorted(links.values())


async def test_drafts_are_the_authors_alone_until_sent_then_fixed(school: School) -> None:
    draft = (
        await school.client.post(
            REPORTS, json=about(school, "ann", recipients=["parent"]), headers=school["teo"].headers
        )
    ).json()
    assert draft["status"] == "draft"
    url = f"{REPORTS}/{draft['id']}"
    for viewer in ("paula", "tina", "ann", "admin"):
        assert_problem(await school.client.get(url, headers=school[viewer].headers), 404)
    edited = await school.client.patch(
        url,
        json={"title": "November, revised", "concerns": "Homework late twice"},
        headers=school["teo"].headers,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == "November, revised"
    assert edited.json()["summary"] == "Steady work on fractions."
    sent = await school.client.post(f"{url}/send", headers=school["teo"].headers)
    assert sent.json()["status"] == "sent"
    assert [r["role"] for r in sent.json()["recipients"]] == ["parent"]
    assert_problem(
        await school.client.patch(url, json={"title": "Sneaky"}, headers=school["teo"].headers), 409
    )
    assert_problem(await school.client.post(f"{url}/send", headers=school["teo"].headers), 409)
    assert_problem(await school.client.delete(url, headers=school["teo"].headers), 409)
    assert (await school.client.get(url, headers=school["paula"].headers)).json()[
        "title"
    ] == "November, revised"
    assert_problem(await school.client.get(url, headers=school["tina"].headers), 404)
    assert (await school.client.get(url, headers=school["admin"].headers)).status_code == 200


async def test_deleting_a_draft(school: School) -> None:
    draft = (
        await school.client.post(REPORTS, json=about(school, "bob"), headers=school["teo"].headers)
    ).json()
    assert_problem(
        await school.client.delete(f"{REPORTS}/{draft['id']}", headers=school["tara"].headers), 404
    )
    assert (
        await school.client.delete(f"{REPORTS}/{draft['id']}", headers=school["teo"].headers)
    ).status_code == 204
    assert_problem(
        await school.client.get(f"{REPORTS}/{draft['id']}", headers=school["teo"].headers), 404
    )


async def test_tutor_writes_to_the_parent_only(school: School) -> None:
    created = await school.client.post(
        REPORTS, json=about(school, "bob", None, send=True), headers=school["tina"].headers
    )
    assert created.status_code == 201, created.text
    assert [r["role"] for r in created.json()["recipients"]] == ["parent"]
    assert_problem(
        await school.client.post(
            REPORTS,
            json=about(school, "bob", None, recipients=["tutor"]),
            headers=school["tina"].headers,
        ),
        400,
        fields=["recipients"],
    )
    assert_problem(
        await school.client.post(
            REPORTS, json=about(school, "cid", None), headers=school["tina"].headers
        ),
        400,
        fields=["student_id"],
    )


@pytest.mark.parametrize(
    ("author", "student", "subject", "status", "fields"),
    [
        ("tara", "bob", "English", 400, ["student_id"]),  # not her student
        ("tara", "ann", "Mathematics", 400, ["subject_id"]),  # her student, not this subject
        ("ann", "ann", "Mathematics", 403, None),
        ("paula", "ann", "Mathematics", 403, None),
        ("admin", "ann", "Mathematics", 403, None),
    ],
)
async def test_who_may_write_about_whom(
    school: School, author: str, student: str, subject: str, status: int, fields: list[str] | None
) -> None:
    response = await school.client.post(
        REPORTS, json=about(school, student, subject), headers=school[author].headers
    )
    assert_problem(response, status, fields=fields)
    assert (await school.client.get(REPORTS, headers=school["admin"].headers)).json()["total"] == 0


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"period_end": "2026-10-01"}, ["period_end"]),
        ({"progress_percentage": 101}, ["progress_percentage"]),
        ({"title": ""}, ["title"]),
        ({"recipients": ["principal"]}, ["recipients[0]"]),
        ({"grade": "A"}, ["grade"]),
        ({"period_start": "yesterday"}, ["period_start"]),
    ],
)
async def test_malformed_reports_are_400(
    school: School, change: dict[str, Any], fields: list[str]
) -> None:
    assert_problem(
        await school.client.post(
            REPORTS, json=about(school, "ann", **change), headers=school["teo"].headers
        ),
        400,
        fields=fields,
    )


async def test_report_for_a_student_without_a_parent_names_recipients(school: School) -> None:
    from thebot.domain.accounts.entities import Role

    await school.add("dan", Role.STUDENT, grade=4, tutor_id=school["tina"].id)
    await school.enroll("dan", "Mathematics", "teo")
    assert_problem(
        await school.client.post(
            REPORTS, json=about(school, "dan", recipients=["parent"]), headers=school["teo"].headers
        ),
        400,
        fields=["recipients"],
    )
    to_tutor = await school.client.post(
        REPORTS, json=about(school, "dan"), headers=school["teo"].headers
    )
    assert to_tutor.status_code == 400  # the default asks for both, and there is no parent
    tutor_only = await school.client.post(
        REPORTS, json=about(school, "dan", recipients=["tutor"]), headers=school["teo"].headers
    )
    assert tutor_only.status_code == 201


async def test_report_list_costs_the_same_for_3_and_300(
    school: School, count_statements: Callable[[], Any]
) -> None:
    async def cost(viewer: str) -> int:
        with count_statements() as counter:
            response = await school.client.get(
                REPORTS, params={"limit": 100}, headers=school[viewer].headers
            )
        assert response.status_code == 200
        return counter.count

    for _ in range(3):
        await school.client.post(
            REPORTS, json=about(school, "ann", send=True), headers=school["teo"].headers
        )
    small = {viewer: await cost(viewer) for viewer in ("teo", "paula", "ann")}
    for _ in range(297):
        await school.client.post(
            REPORTS, json=about(school, "ann", send=True), headers=school["teo"].headers
        )
    large = {viewer: await cost(viewer) for viewer in ("teo", "paula", "ann")}
    assert small == large
    assert (await school.client.get(REPORTS, headers=school["paula"].headers)).json()[
        "unread_count"
    ] == 300
