"""Schemathesis against our own OpenAPI document, as every role of the demo school.

Every operation of the document, for every role: each generated case is sent as the demo
student, parent, teacher, tutor and administrator in turn (a 403 or 404 is an answer too, and it
must be documented). Generated valid and invalid inputs never get a 500, every answer has a
documented status, content type, headers and body schema, invalid input is refused with a 4xx,
and the server logs no unhandled error. Ids in paths, queries and bodies are drawn partly from
the demo school's real objects, so that the requests reach them rather than only 404.

``logout`` ends the session it is sent with, so each of its cases gets a fresh sign-in. Outside
the document, hence outside the run: the WebSocket (``/api/v1/ws``) and the development payment
pages. The YooKassa webhook is fuzzed: outside production it admits loopback senders, and it
re-reads every payment it is told about from the (development) gateway.

Deterministic (derandomized Hypothesis, a fixed seed, no example database) and bounded: see
``MAX_POSITIVE`` and ``MAX_NEGATIVE`` in school.py.
"""

from __future__ import annotations

from collections.abc import Callable

import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.schemas import APIOperation, BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.school import MAX_NEGATIVE, MAX_POSITIVE, FuzzServer, sign_in
from tests.fuzz.tally import TALLY

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
ENDS_SESSION = frozenset({"logout"})


def test_every_operation_answers_as_documented_to_every_role(
    api_schema: BaseSchema, fuzz_server: FuzzServer, http_session: requests.Session
) -> None:
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operation_id = str(operation.definition.raw.get("operationId", operation.label))

        def send(case: Case, operation_id: str = operation_id) -> None:
            """The same generated case, sent as every role in turn."""
            mode = case.meta.generation.mode.value if case.meta else "explicit"
            for role, token in fuzz_server.tokens.items():
                if operation_id in ENDS_SESSION:
                    token = sign_in(fuzz_server.process.http, role)
                try:
                    response = case.call_and_validate(
                        headers={"Authorization": f"Bearer {token}"},
                        session=http_session,
                        checks=CHECKS,
                    )
                except (AssertionError, FailureGroup) as failure:
                    TALLY.record(role, operation_id, mode, None)
                    TALLY.fail(role, operation_id)
                    raise RoleFailure(role) from failure
                TALLY.record(role, operation_id, mode, response.status_code)

        for mode, examples in (
            (GenerationMode.POSITIVE, MAX_POSITIVE),
            (GenerationMode.NEGATIVE, MAX_NEGATIVE),
        ):
            try:
                fuzz(operation, mode, examples, send)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, f"{operation.label}: no valid input"
                # Nothing in the operation can be made invalid (no parameters, no body).
            except RoleFailure as failure:
                failures.append(
                    f"{operation.label} as {failure.role} ({mode.value}):\n{failure.__cause__}"
                )
    errors = unhandled_errors(fuzz_server.process.log.read_text(errors="replace"))
    assert not failures, "\n\n".join(failures + errors)
    assert not errors, "\n\n".join(errors)


def unhandled_errors(log: str) -> list[str]:
    """The server's log entries of unhandled errors, each with the start of its traceback."""
    entries = log.split("unhandled error")[1:]
    return [f"server log: unhandled error{entry[:3000]}" for entry in entries]


class RoleFailure(Exception):
    """A check failed for the response to this role."""

    def __init__(self, role: str) -> None:
        super().__init__(role)
        self.role = role


def fuzz(
    operation: APIOperation, mode: GenerationMode, examples: int, send: Callable[[Case], None]
) -> None:
    """``examples`` generated cases of the operation in this mode, stopping at the first failure
    (derandomized: the same cases on every run)."""

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
        report_multiple_bugs=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Case) -> None:
        send(case)

    run()
