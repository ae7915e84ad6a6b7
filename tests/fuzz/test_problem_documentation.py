"""The OpenAPI document says which problems each operation can answer with, and in what shape:
what the schemathesis run checks every answer against, read here from the committed document
(which test_openapi_contract.py keeps equal to the generated one)."""

from __future__ import annotations

import json
from typing import Any

from thebot.adapters.db.migrations import REPOSITORY_ROOT

METHODS = {"get", "post", "put", "patch", "delete"}
PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    document = json.loads((REPOSITORY_ROOT / "openapi.json").read_text(encoding="utf-8"))
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_every_documented_error_of_the_api_is_an_rfc_9457_problem() -> None:
    for method, path, operation in operations():
        if not path.startswith("/api/"):
            continue
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"] == PROBLEM, (method, path, status)


def test_every_signed_in_operation_documents_401_403_404_and_503() -> None:
    signed_in = [op for _, _, op in operations() if op.get("security")]
    assert len(signed_in) > 90
    for operation in signed_in:
        assert {"401", "403", "404", "503"} <= set(operation["responses"]), operation["operationId"]


def test_operations_with_a_body_document_413_and_415_and_writes_document_409() -> None:
    for method, _, operation in operations():
        responses = set(operation["responses"])
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= responses, operation["operationId"]
        if method != "get" and operation.get("security"):
            assert "409" in responses, operation["operationId"]


def test_readiness_documents_its_503_with_the_checks_that_failed() -> None:
    ready = next(op for method, path, op in operations() if path == "/ready")
    schema = ready["responses"]["503"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Readiness"}
