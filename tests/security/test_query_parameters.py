"""SQL-significant and hostile text in every query parameter of every list operation.

The operations and their parameters are read from the served OpenAPI document, so a new filter
is covered the day it is added. Each is tried by every role that may call the operation: the
answer is a result (200) or a 400 problem, never a 500 and never a leak of SQL. Searches match
``%``, ``_`` and ``\\`` literally, not as LIKE wildcards.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import Client, assert_problem
from tests.api.learning_helpers import School, build_school
from tests.factories import create_user
from thebot.bootstrap import Container

HOSTILE_VALUES = [
    "'",
    '"',
    ";",
    "--",
    "%",
    "_",
    "\\",
    "/*",
    "*/",
    "\x00",
    "a\x00b",
    "' OR '1'='1",
    "1; DROP TABLE users; --",
    "%' UNION SELECT password_hash FROM users --",
    "\\'; SELECT pg_sleep(0); --",
    "Ёжик 🦔 \u202e\ufeff",
    "\ud7ff\ue000\U0010ffff",
    "x" * 5000,
]
ROLES = {
    "admin": "admin",
    "teacher": "teo",
    "tutor": "tina",
    "parent": "paula",
    "student": "ann",
}
# Public operations that take their caller from a query parameter, not a bearer token.
PUBLIC_OPERATIONS = {"getCalendarIcs"}
SQL_WORDS = ("syntax error", "sqlalchemy", "asyncpg", "sqlite3", "psycopg", "traceback")


@pytest.fixture
async def school(client: Client, container: Container) -> School:
    return await build_school(client, container)


async def list_operations(client: Client) -> list[tuple[str, str, dict[str, bool]]]:
    """Every GET operation with query parameters: (operation id, path, {name: is free text})."""
    document = (await client.get("/api/schema/openapi.json")).json()
    found = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        names = {
            p["name"]: is_free_text(p.get("schema", {}))
            for p in operation.get("parameters", [])
            if p["in"] == "query"
        }
        if names:
            found.append((operation["operationId"], path, names))
    return found


def is_free_text(schema: dict[str, Any]) -> bool:
    """A string that is not an enum, id, date or number: what reaches SQL as text."""
    variants = [schema, *schema.get("oneOf", [])]
    return any(
        v.get("type") == "string" and "format" not in v and "enum" not in v for v in variants
    )


async def path_for(school: School, person: str, path: str) -> str | None:
    """The path with its parameters filled with something ``person`` may see (None: nothing)."""
    if "{chat_id}" in path:
        chats = await school.client.get("/api/v1/forum/chats", headers=school[person].headers)
        items = chats.json()["items"]
        if not items:
            return None
        path = path.replace("{chat_id}", items[0]["id"])
    assert "{" not in path, f"no value for the path parameters of {path}: add one here"
    return path


def assert_handled(response: Any, context: str) -> None:
    assert response.status_code in (200, 400), f"{context}: {response.status_code} {response.text}"
    if response.status_code == 400:
        assert_problem(response, 400)
    for word in SQL_WORDS:
        assert word not in response.text.lower(), context


async def test_hostile_text_in_every_query_parameter_is_200_or_400(school: School) -> None:
    """Free text is tried by every role that may call the operation (what it may see differs,
    so does the SQL); typed parameters are refused before any role rule, so one caller does."""
    operations = await list_operations(school.client)
    assert len(operations) >= 10, "the document lists the list operations"
    tried = {"free text": 0, "typed": 0}
    for operation_id, template, names in operations:
        if operation_id in PUBLIC_OPERATIONS:
            continue
        callers = []
        for role, person in ROLES.items():
            path = await path_for(school, person, template)
            if path is None:
                continue
            baseline = await school.client.get(path, headers=school[person].headers)
            if baseline.status_code != 200:
                assert baseline.status_code in (403, 404), (operation_id, role, baseline.text)
                continue
            callers.append((role, path, school[person].headers))
        assert callers, f"no role may call {operation_id}"
        for name, free_text in names.items():
            for role, path, headers in callers if free_text else callers[:1]:
                for value in HOSTILE_VALUES:
                    response = await school.client.get(path, params={name: value}, headers=headers)
                    assert_handled(response, f"{operation_id} {role} {name}={value[:40]!r}")
                    tried["free text" if free_text else "typed"] += 1
    assert tried["free text"] >= 3 * len(HOSTILE_VALUES)
    assert tried["typed"] >= 60 * len(HOSTILE_VALUES)
    print(f"query parameter values tried: {tried}")


async def test_hostile_calendar_feed_tokens_are_refused_cleanly(client: Client) -> None:
    for value in HOSTILE_VALUES:
        response = await client.get("/api/v1/calendar.ics", params={"token": value})
        assert response.status_code in (400, 401, 404), (value[:40], response.text)
        assert_problem(response, response.status_code)


async def test_search_wildcards_match_literally(school: School, container: Container) -> None:
    names = {
        "percent": "Cent%Sign",
        "underscore": "Under_Score",
        "backslash": "Back\\Slash",
        "plain": "Centxsign",
        "plain2": "Underxscore",
        "quote": "O'Connor",
    }
    for key, last_name in names.items():
        await create_user(
            container, email=f"{key}@wild.test", first_name="Wild", last_name=last_name
        )

    async def found(q: str) -> set[str]:
        response = await school.client.get(
            "/api/v1/admin/users", params={"q": q, "limit": 100}, headers=school["admin"].headers
        )
        assert response.status_code == 200, response.text
        return {item["user"]["email"] for item in response.json()["items"]}

    assert await found("%") == {"percent@wild.test"}
    assert await found("t%s") == {"percent@wild.test"}
    assert await found("_") == {"underscore@wild.test"}
    assert await found("r_s") == {"underscore@wild.test"}
    assert await found("\\") == {"backslash@wild.test"}
    assert await found("k\\s") == {"backslash@wild.test"}
    assert await found("o'c") == {"quote@wild.test"}
    assert await found("%%") == set()
    assert await found("' OR '1'='1") == set()
    nul = await school.client.get(
        "/api/v1/admin/users", params={"q": "ann\x00"}, headers=school["admin"].headers
    )
    assert_problem(nul, 400, fields=["q"])
    # A tutor's search stays within the tutor's own students and their parents.
    for q in ("' OR 1=1 --", "%", "_"):
        response = await school.client.get(
            "/api/v1/admin/users", params={"q": q}, headers=school["tina"].headers
        )
        assert response.json()["total"] == 0, q
