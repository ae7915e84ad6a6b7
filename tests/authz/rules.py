"""What a policy entry says, and what it makes of each caller.

An entry names one operation of the OpenAPI document (method, path, operation id), the callers it
admits with the status each gets, and the objects its path parameters point at. Everyone else is
refused, by the API's rules (API.md, "Conventions"):

- anonymous callers get 401;
- a caller outside the object's circle ("other teacher", ...) gets 404: other people's objects
  do not exist for them. Unless the operation is ``guarded``: its route admits roles before it
  looks at any object, so a caller of another role gets ``refuse`` whoever's the object is;
- a caller in the object's circle whose role is not admitted gets 403 (``refuse`` says
  otherwise where the API hides the object from that role altogether: 404).

``status`` overrides the outcome of single callers where the entry needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.authz.school import ANONYMOUS, CALLERS, OTHERS, ROLES, World

# Statuses that refuse a caller for who they are: no such call may change anything.
REFUSALS = frozenset({401, 403, 404})
EVERYONE = tuple(CALLERS)
SIGNED_IN = tuple(c for c in CALLERS if c != ANONYMOUS)

Request = dict[str, Any]  # keyword arguments of httpx's request(): json, files, params
Body = Callable[[World], Request]


@dataclass(frozen=True)
class Rule:
    method: str
    path: str
    operation_id: str
    admits: tuple[str, ...]
    ok: int = 200
    refuse: int = 403
    guarded: bool = False
    status: Mapping[str, int] = field(default_factory=dict)
    ids: Mapping[str, str] = field(default_factory=dict)
    body: Body | None = None
    why: str = ""

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def callers(self) -> tuple[str, ...]:
        """Who is swept: every role and anonymous; with ids, also the roles' outsiders."""
        if self.ids:
            return EVERYONE
        return (ANONYMOUS, *ROLES)

    def expected(self, caller: str) -> int:
        if caller in self.status:
            return self.status[caller]
        if caller in self.admits:
            return self.ok
        if caller == ANONYMOUS:
            return 401
        if caller in OTHERS:
            admitted = caller.removeprefix("other ") in self.admits
            return self.refuse if self.guarded and not admitted else 404
        return self.refuse

    def url(self, world: World) -> str:
        path = self.path
        for name, key in self.ids.items():
            path = path.replace("{" + name + "}", world.id(key))
        return path

    def request(self, world: World) -> Request:
        return self.body(world) if self.body else {}


def rule(
    operation: str,
    operation_id: str,
    admits: tuple[str, ...] | str,
    **options: Any,
) -> Rule:
    """``rule("GET /api/v1/lessons", "listLessons", ROLES)``: one entry of the table."""
    method, path = operation.split(" ", 1)
    callers = (admits,) if isinstance(admits, str) else admits
    return Rule(method, path, operation_id, callers, **options)
