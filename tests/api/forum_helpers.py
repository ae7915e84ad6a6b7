"""Reading the forum as one person, for forum tests."""

from __future__ import annotations

from typing import Any

from tests.api.learning_helpers import School

CHATS = "/api/v1/forum/chats"


async def chats_of(school: School, name: str, **params: Any) -> list[dict[str, Any]]:
    response = await school.client.get(
        CHATS, params={"limit": 100, **params}, headers=school[name].headers
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def titles(chats: list[dict[str, Any]]) -> list[str]:
    return sorted(chat["title"] for chat in chats)


def chat_titled(chats: list[dict[str, Any]], title: str) -> dict[str, Any]:
    found = [chat for chat in chats if chat["title"] == title]
    assert len(found) == 1, (title, titles(chats))
    return found[0]


async def send(school: School, name: str, chat_id: str, content: str, **extra: Any) -> Any:
    return await school.client.post(
        f"{CHATS}/{chat_id}/messages",
        json={"content": content, **extra},
        headers=school[name].headers,
    )


async def sent(school: School, name: str, chat_id: str, content: str, **extra: Any) -> Any:
    response = await send(school, name, chat_id, content, **extra)
    assert response.status_code == 201, response.text
    return response.json()
