"""Fixtures of the schemathesis run: the demo school behind a real ``thebot run`` process, one
signed-in session per role, and the OpenAPI document the server serves, loaded with the
fuzzing configuration. The run's figures are printed in the terminal summary."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import BaseSchema

from tests.conftest import TEST_REDIS_URL
from tests.fuzz.school import (
    ACCOUNTS,
    BODY_FIELD_TABLES,
    MAX_POSITIVE,
    PARAMETER_TABLES,
    REAL_ID_PROBABILITY,
    DemoIds,
    FuzzServer,
    seed,
    sign_in,
)
from tests.fuzz.tally import TALLY
from tests.processes import start, stop, wait_healthy


@pytest.fixture(scope="module")
def fuzz_server(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FuzzServer]:
    """The demo school, seeded in-process, then served by ``thebot run`` on the same database;
    everyone signs in before any fuzzing (sign-in fuzzing must not lock them out)."""
    folder = tmp_path_factory.mktemp("fuzz")
    ids = seed(database_url, folder / "var")
    process = start(
        database_url,
        folder,
        "server",
        THEBOT_REDIS_URL=TEST_REDIS_URL or "",
        # The run outlasts the default 15 minutes on a slow machine; nothing else changes.
        THEBOT_ACCESS_TOKEN_TTL_SECONDS="7200",
        # Fuzzing the sign-in with wrong passwords must not lock the fuzzer's own sign-ins out.
        THEBOT_LOGIN_FAILURES_PER_ADDRESS="1000000",
    )
    try:
        wait_healthy(process)
        tokens = {role: sign_in(process.http, role) for role in ACCOUNTS}
        yield FuzzServer(process, ids, tokens)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def http_session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.trust_env = False  # loopback only, never a proxy
        yield session


@pytest.fixture(scope="module")
def api_schema(fuzz_server: FuzzServer) -> BaseSchema:
    url = f"{fuzz_server.process.http}/api/schema/openapi.json"
    return schemathesis.openapi.from_url(url, config=fuzz_config(fuzz_server.ids), timeout=30)


def fuzz_config(ids: DemoIds) -> SchemathesisConfig:
    """Positive and negative data, derandomized; ids drawn from the demo school when they fit."""
    dictionaries = {table: {"values": values} for table, values in ids.by_table.items() if values}
    bindings = {**PARAMETER_TABLES, **{f"body.{f}": t for f, t in BODY_FIELD_TABLES.items()}}
    parameters = {
        name: {"dictionary": table, "probability": REAL_ID_PROBABILITY}
        for name, table in bindings.items()
        if table in dictionaries
    }
    return SchemathesisConfig.from_dict(
        {
            "seed": 20261126,
            "suppress-health-check": ["all"],
            "request-timeout": 30,
            "dictionaries": dictionaries,
            "parameters": parameters,
            "generation": {
                "mode": "all",
                "max-examples": MAX_POSITIVE,
                "deterministic": True,
                "no-shrink": True,
                "database": "none",
                # Every request carries the role's token: schemathesis must not make up its own.
                "with-security-parameters": False,
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": False},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
            "checks": {
                # 502 is the documented answer when the payment provider refuses (the development
                # gateway knows no payment made before the server started, like the demo's).
                "not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "502"]},
                "negative_data_rejection": {
                    "expected-statuses": [400, 401, 403, 404, 405, 409, 413, 415, 422, 429]
                },
            },
        }
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY.cases:
        terminalreporter.write_line(TALLY.line())
        for pair, count in sorted(TALLY.failures.items()):
            terminalreporter.write_line(f"  failing: {pair} ({count} cases)")
