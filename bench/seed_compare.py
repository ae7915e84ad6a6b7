"""The "compare" data set on a fresh PostgreSQL database: ``thebot seed scale --profile compare``.

    .venv/bin/python -m bench.seed_compare [--database-url URL] [--seed 1] [--today YYYY-MM-DD]

Drops and recreates the database (its name must contain ``bench``), then runs the platform's
seeder (``thebot.entrypoints.seeds.scale``): it migrates, bulk-loads what the system we replace
was measured with (see bench/README.md) and checks every rule. Every email is
``<name>@bench.local``, every password ``bench-pass-123``.

Ids and contents depend only on ``--seed``; dates are relative to ``--today`` (default: today,
UTC) so that deadlines stay "upcoming" whenever the benchmark runs.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from thebot.entrypoints.seeds.scale import print_report, seed_database
from thebot.entrypoints.seeds.scale_checks import rule_checks
from thebot.entrypoints.seeds.scale_compare import PARENTS, STUDENTS, TEACHERS, TUTORS
from thebot.entrypoints.seeds.scale_plan import EMAIL_DOMAIN, PASSWORD

__all__ = [
    "DEFAULT_DATABASE_URL",
    "EMAIL_DOMAIN",
    "PARENTS",
    "PASSWORD",
    "RULE_CHECKS",
    "STUDENTS",
    "TEACHERS",
    "TUTORS",
    "check_loopback",
    "main",
    "print_report",
    "recreate_database",
    "seed",
]

DEFAULT_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/thebot_bench"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
RULE_CHECKS = rule_checks("postgresql")


def check_loopback(url: str) -> None:
    host = make_url(url).host
    if host is not None and host not in LOOPBACK_HOSTS:
        raise SystemExit(f"the bench only talks to loopback; refusing database host {host!r}")


async def recreate_database(url: str) -> None:
    parsed = make_url(url)
    name = parsed.database
    if not name or "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the bench database name must contain 'bench'")
    connection = await asyncpg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database="postgres",
    )
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def seed(
    url: str = DEFAULT_DATABASE_URL, seed: int = 1, today: date | None = None
) -> dict[str, Any]:
    """Build the compare data set in a fresh database; returns timings, counts, rule breaches."""
    check_loopback(url)
    started = time.perf_counter()
    asyncio.run(recreate_database(url))
    recreated = round(time.perf_counter() - started, 2)
    report = seed_database(url, profile="compare", seed=seed, today=today)
    report["timings"] = {"recreate database": recreated, **report["timings"]}
    report["timings"]["total"] = round(time.perf_counter() - started, 2)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    report = seed(args.database_url, args.seed, args.today)
    print_report(report)
    return 1 if any(report["rule_breaches"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
