"""Every operation of the OpenAPI document, called as every kind of caller, answers exactly what
the declared policy (policy.py) says; every refusal is a problem document and changes nothing.

The document is generated live from the app, so a new endpoint without a policy entry (or an entry
left behind by a removed endpoint) fails here before it ships.
"""

from __future__ import annotations

import re

import pytest
from litestar.routes import HTTPRoute, WebSocketRoute

from tests.authz.conftest import Sweep
from tests.authz.policy import OUTSIDE_THE_DOCUMENT, POLICY
from tests.authz.rules import REFUSALS, Rule

pytestmark = pytest.mark.asyncio(loop_scope="module")

METHODS = ("get", "post", "put", "patch", "delete")
CASES = [
    pytest.param(entry, caller, id=f"{entry.key} as {caller} → {entry.expected(caller)}")
    for entry in POLICY
    for caller in entry.callers
]


def documented_operations(sweep: Sweep) -> set[tuple[str, str, str]]:
    document = sweep.app.openapi_schema.to_schema()
    return {
        (method.upper(), path, operation["operationId"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


async def test_every_documented_operation_has_exactly_one_policy_entry(sweep: Sweep) -> None:
    declared = [(entry.method, entry.path, entry.operation_id) for entry in POLICY]
    assert len(declared) == len(set(declared)), "an operation is declared twice"
    documented = documented_operations(sweep)
    assert sorted(documented - set(declared)) == [], "operations without a policy entry"
    assert sorted(set(declared) - documented) == [], "policy entries for no operation"


def served_routes(sweep: Sweep) -> set[str]:
    """Every route the app serves, as "METHOD /path" ("*" for a handler of every method)."""
    served = set()
    for route in sweep.app.routes:
        path = re.sub(r"{(\w+):[^}]+}", r"{\1}", route.path)
        if isinstance(route, WebSocketRoute):
            served.add(f"WEBSOCKET {path}")
            continue
        assert isinstance(route, HTTPRoute), route
        for handler in route.route_handlers:
            methods = set(handler.http_methods) - {"OPTIONS"}  # CORS preflight, answered for all
            if len(methods) > 2:
                served.add(f"* {path}")
            else:
                served.update(f"{method} {path}" for method in methods)
    return served


async def test_every_route_left_out_of_the_document_is_declared(sweep: Sweep) -> None:
    documented = {f"{method} {path}" for method, path, _ in documented_operations(sweep)}
    undocumented = served_routes(sweep) - documented
    assert sorted(undocumented - set(OUTSIDE_THE_DOCUMENT)) == []


@pytest.mark.parametrize(("entry", "caller"), CASES)
async def test_each_caller_gets_what_the_policy_declares(
    sweep: Sweep, entry: Rule, caller: str
) -> None:
    world = sweep.world
    expected = entry.expected(caller)
    sweep.calls += 1
    changed: list[str] | None = None
    try:
        response = await world.client.request(
            entry.method, entry.url(world), headers=world.headers[caller], **entry.request(world)
        )
        assert response.status_code == expected, response.text
        if expected in REFUSALS:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["status"] == expected
            changed = await sweep.changes()
            assert changed == [], "a refused call changed these tables"
            sweep.refusals_verified += 1
    finally:
        changed = await sweep.changes() if changed is None else changed
        if changed:
            await sweep.put_back(changed)
