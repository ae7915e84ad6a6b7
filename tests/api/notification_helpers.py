"""Reading people's notification centres, for the tests of the events that notify them."""

from __future__ import annotations

from typing import Any

from tests.api.learning_helpers import School

CENTRE = "/api/v1/notifications"
PREFERENCES = f"{CENTRE}/preferences"


async def inbox(school: School, name: str, kind: str | None = None) -> list[dict[str, Any]]:
    """Everything in ``name``'s centre (of one kind, when given), newest first."""
    response = await school.client.get(CENTRE, params={"limit": 100}, headers=school[name].headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return [item for item in items if kind is None or item["kind"] == kind]


async def told(school: School, kind: str, link: str, *names: str) -> list[dict[str, Any]]:
    """Each of ``names`` holds exactly one notification of ``kind`` about ``link``, with the
    absolute URL of the environment; returns them in the order of ``names``."""
    public = school.container.settings.effective_public_url
    found = []
    for name in names:
        about = [n for n in await inbox(school, name, kind) if n["link"] == link]
        assert len(about) == 1, (name, kind, link, about)
        assert about[0]["url"] == f"{public}{link}", about[0]
        assert about[0]["url"].startswith(public)
        assert about[0]["is_read"] is False
        found.append(about[0])
    return found


async def not_told(school: School, kind: str, *names: str) -> None:
    """None of ``names`` holds a notification of ``kind``."""
    for name in names:
        assert await inbox(school, name, kind) == [], name


async def turn_off(school: School, name: str, kind: str) -> None:
    response = await school.client.put(
        PREFERENCES,
        json={"kinds": [{"kind": kind, "enabled": False}]},
        headers=school[name].headers,
    )
    assert response.status_code == 200, response.text
