"""Numbers past what the database can bind are invalid input (400 naming the parameter), not a
500 from the driver: offsets and version numbers are PostgreSQL integers, message cursors bigints.
Found by schemathesis (an offset past 2**31 was a 500 on PostgreSQL)."""

from __future__ import annotations

import pytest

from tests.api.forum_helpers import CHATS, chats_of, sent
from tests.api.helpers import Client, assert_problem
from tests.api.homework_helpers import SUBMISSIONS, set_homework, submitted
from tests.api.learning_helpers import School, build_school
from thebot.bootstrap import Container

PAST_INT = str(2**31)
PAST_BIGINT = str(2**63)


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("/api/v1/forum/chats", "offset", PAST_INT),
        ("/api/v1/lessons", "offset", PAST_INT),
        ("/api/v1/notifications", "offset", PAST_INT),
        ("/api/v1/forum/chats", "offset", "-1"),
    ],
)
async def test_an_offset_past_a_database_integer_is_400_naming_it(
    school: School, path: str, name: str, value: str
) -> None:
    response = await school.client.get(path, params={name: value}, headers=school["ann"].headers)
    assert_problem(response, 400, fields=[name])


@pytest.mark.parametrize("cursor", ["before", "after"])
async def test_a_message_cursor_past_a_bigint_is_400_and_the_chat_is_unchanged(
    school: School, cursor: str
) -> None:
    [chat, *_] = await chats_of(school, "ann")
    await sent(school, "ann", chat["id"], "Hello")
    url = f"{CHATS}/{chat['id']}/messages"
    before = (await school.client.get(url, headers=school["ann"].headers)).json()

    refused = await school.client.get(
        url, params={cursor: PAST_BIGINT}, headers=school["ann"].headers
    )

    assert_problem(refused, 400, fields=[cursor])
    assert (await school.client.get(url, headers=school["ann"].headers)).json() == before
    largest = await school.client.get(
        url, params={cursor: str(2**63 - 1)}, headers=school["ann"].headers
    )
    assert largest.status_code == 200, largest.text


async def test_a_version_number_out_of_range_is_400_and_other_refusals_stand(
    school: School,
) -> None:
    work = await submitted(school, "ann", await set_homework(school))
    base = f"{SUBMISSIONS}/{work['id']}/versions"
    for number in (PAST_INT, "-1"):
        response = await school.client.get(f"{base}/{number}/file", headers=school["ann"].headers)
        assert_problem(response, 400, fields=["number"])
    # In range, the usual answers: no file in that version, someone else's submission, a role.
    assert_problem(await school.client.get(f"{base}/1/file", headers=school["ann"].headers), 404)
    assert_problem(await school.client.get(f"{base}/1/file", headers=school["bob"].headers), 404)
