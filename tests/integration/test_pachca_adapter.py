"""The Pachca adapter against the fake Pachca server, over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import structlog

from tests.fakes.pachca import CHAT_ID, READ_ONLY_TOKEN, TOKEN, FakePachca
from thebot.adapters.pachca import HttpPachcaNotifier
from thebot.domain.forum.ports import PachcaRejected, PachcaUnavailable

TIMEOUT = 0.3


@pytest.fixture
def fake() -> Iterator[FakePachca]:
    with FakePachca() as server:
        yield server


async def notifier_for(
    fake: FakePachca, token: str = TOKEN, chat_id: int = CHAT_ID
) -> HttpPachcaNotifier:
    return HttpPachcaNotifier(fake.api_url, token, str(chat_id), TIMEOUT)


@pytest.fixture
async def notifier(fake: FakePachca) -> AsyncIterator[HttpPachcaNotifier]:
    notifier = await notifier_for(fake)
    yield notifier
    await notifier.close()


async def test_a_message_is_posted_to_the_chat_and_pachca_answers_201(
    fake: FakePachca, notifier: HttpPachcaNotifier
) -> None:
    await notifier.post("[Forum] Maths: Anna → Ivan: hello")

    assert fake.statuses == [201]
    [message] = fake.messages
    assert (message["entity_type"], message["entity_id"], message["chat_id"]) == (
        "discussion",
        CHAT_ID,
        CHAT_ID,
    )
    assert message["content"] == "[Forum] Maths: Anna → Ivan: hello"


async def test_an_unknown_token_is_refused_for_good_without_the_token_in_the_error(
    fake: FakePachca,
) -> None:
    notifier = await notifier_for(fake, token="test-wrong-token")
    try:
        with pytest.raises(PachcaRejected) as caught:
            await notifier.post("hello")
    finally:
        await notifier.close()

    assert fake.statuses == [401]
    assert "401" in str(caught.value)
    assert "invalid_token" in str(caught.value)
    assert "test-wrong-token" not in str(caught.value)
    assert fake.messages == []


async def test_a_read_only_token_is_refused_for_good(fake: FakePachca) -> None:
    notifier = await notifier_for(fake, token=READ_ONLY_TOKEN)
    try:
        with pytest.raises(PachcaRejected, match="insufficient_scope"):
            await notifier.post("hello")
    finally:
        await notifier.close()


async def test_a_blank_message_is_refused_with_pachcas_validation_error(
    fake: FakePachca, notifier: HttpPachcaNotifier
) -> None:
    with pytest.raises(PachcaRejected) as caught:
        await notifier.post("   ")

    assert fake.statuses == [422]
    assert "content" in str(caught.value)
    assert "(blank)" in str(caught.value)


async def test_an_unknown_chat_is_refused_for_good(fake: FakePachca) -> None:
    notifier = await notifier_for(fake, chat_id=999)
    try:
        with pytest.raises(PachcaRejected, match=r"\(404\).*not_found"):
            await notifier.post("hello")
    finally:
        await notifier.close()


async def test_a_malformed_request_is_refused_with_400() -> None:
    # The adapter never sends one; the fake still answers it as Pachca does.
    import httpx

    with FakePachca() as fake:
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            wrong_type = await client.post(
                fake.api_url + "/messages",
                json={"message": {"entity_type": "room", "entity_id": CHAT_ID, "content": "x"}},
            )
            no_content = await client.post(
                fake.api_url + "/messages", json={"message": {"entity_id": CHAT_ID}}
            )
    assert wrong_type.status_code == 400
    assert wrong_type.json()["errors"][0]["code"] == "invalid"
    assert no_content.status_code == 400
    assert no_content.json() == {
        "errors": [
            {
                "key": "content",
                "value": None,
                "message": "Поле не может быть пустым",
                "code": "blank",
                "payload": None,
            }
        ]
    }


async def test_429_asks_to_wait_the_retry_after_pachca_gives(
    fake: FakePachca, notifier: HttpPachcaNotifier
) -> None:
    fake.rate_limit_next(1, retry_after=7)

    with pytest.raises(PachcaUnavailable) as caught:
        await notifier.post("hello")

    assert caught.value.retry_after == 7.0
    assert not caught.value.outcome_unknown
    assert fake.messages == []


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx_is_unavailable_and_known_not_posted(
    fake: FakePachca, notifier: HttpPachcaNotifier, status: int
) -> None:
    fake.fail_next(1, status=status)

    with pytest.raises(PachcaUnavailable) as caught:
        await notifier.post("hello")

    assert str(status) in caught.value.reason
    assert (caught.value.retry_after, caught.value.outcome_unknown) == (None, False)
    await notifier.post("hello")
    assert fake.contents == ["hello"]


async def test_a_gateway_timeout_leaves_the_outcome_unknown(
    fake: FakePachca, notifier: HttpPachcaNotifier
) -> None:
    fake.fail_next(1, status=504)

    with pytest.raises(PachcaUnavailable) as caught:
        await notifier.post("hello")

    assert caught.value.outcome_unknown


async def test_no_answer_after_sending_leaves_the_outcome_unknown(
    fake: FakePachca, notifier: HttpPachcaNotifier
) -> None:
    fake.hang_next(1, seconds=TIMEOUT * 4)

    with pytest.raises(PachcaUnavailable) as caught:
        await notifier.post("hello")

    assert caught.value.outcome_unknown
    assert "no answer" in caught.value.reason
    assert fake.contents == ["hello"], "Pachca took it: the client cannot know"


async def test_pachca_down_is_unavailable_and_known_not_posted(fake: FakePachca) -> None:
    notifier = await notifier_for(fake)
    fake.stop()
    try:
        with pytest.raises(PachcaUnavailable) as caught:
            await notifier.post("hello")
        assert not caught.value.outcome_unknown
        assert "could not reach" in caught.value.reason

        fake.start()
        await notifier.post("hello again")
    finally:
        await notifier.close()
    assert fake.contents == ["hello again"]


async def test_the_token_appears_in_no_log_line(fake: FakePachca) -> None:
    fake.fail_next(1, status=503)
    with structlog.testing.capture_logs() as logs:
        notifier = await notifier_for(fake)
        try:
            with pytest.raises(PachcaUnavailable) as caught:
                await notifier.post("hello")
            await notifier.post("hello")
        finally:
            await notifier.close()

    assert TOKEN not in repr(logs)
    assert TOKEN not in repr(caught.value)
    assert TOKEN not in repr(notifier.__dict__.get("_client"))
