"""``thebot seed scale``: a school-sized data set, bulk-loaded and checked by the platform's rules.

Profiles: ``school`` (default; 2,000 students and everything around them, ``--students``
scales it) and ``compare`` (the data set the system we replace was measured on, used by the
benchmark). Rows are planned without I/O from ``--seed`` and the day, written with COPY on
PostgreSQL (executemany on SQLite) in one transaction, then checked with SQL: the command fails
when any rule is broken. Never in production; never into a database with users unless
``--reset`` empties it first.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import click

from thebot.adapters.db import migrations
from thebot.adapters.db.engine import create_engine
from thebot.adapters.security import Argon2PasswordHasher
from thebot.config import Settings, SettingsError
from thebot.entrypoints.seeds import scale_compare, scale_content, scale_load, scale_school, seed
from thebot.entrypoints.seeds.scale_checks import broken_rules
from thebot.entrypoints.seeds.scale_forum import forum, per_pair, spread_total
from thebot.entrypoints.seeds.scale_lessons import LessonWindow, lessons
from thebot.entrypoints.seeds.scale_plan import (
    PASSWORD,
    SCHOOL_STUDENTS,
    Rows,
    School,
    SchoolSize,
)

PROFILES = ("school", "compare")


class SeedRefused(Exception):
    """The database is not one to seed (not empty, or production)."""


def build(profile: str, students: int | None, seed: int, today: date, password_hash: str) -> Rows:
    """Every row of the profile; pure, the same for the same arguments."""
    school = School.start(seed, today)
    if profile == "compare":
        if students is not None:
            raise ValueError("the compare profile has a fixed size: drop --students")
        scale_compare.people(school, password_hash)
        scale_content.content(school)
        window = LessonWindow(
            first_day=today + timedelta(days=1), days=30, per_student=10, cancelled_share=0.0
        )
        lessons(school, window)
        forum(school, per_pair(20))
    else:
        size = SchoolSize.scaled(SCHOOL_STUDENTS if students is None else students)
        scale_school.people(school, size, password_hash)
        window = LessonWindow(
            first_day=today - timedelta(days=70),
            days=140,
            per_student=size.lessons_per_student,
            cancelled_share=0.05,
        )
        lessons(school, window)
        forum(school, spread_total(size.messages))
    return school.rows


def seed_database(
    url: str,
    *,
    profile: str = "school",
    students: int | None = None,
    seed: int = 1,
    today: date | None = None,
    reset: bool = False,
    migrate: bool = True,
) -> dict[str, Any]:
    """Migrate, plan, load and check; returns the timings, row counts and rule breaches."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    today = today or datetime.now(UTC).date()
    started = time.perf_counter()
    timings: dict[str, float] = {}
    mark = started

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        timings[name] = round(now - mark, 2)
        mark = now

    if migrate:
        migrations.upgrade(url)
        lap("migrate")
    counts, breaches = asyncio.run(_seed(url, profile, students, seed, today, reset=reset, lap=lap))
    timings["total"] = round(time.perf_counter() - started, 2)
    return {
        "database_url": url,
        "profile": profile,
        "seed": seed,
        "today": today.isoformat(),
        "timings": timings,
        "counts": counts,
        "rule_breaches": breaches,
    }


async def _seed(
    url: str,
    profile: str,
    students: int | None,
    seed: int,
    today: date,
    *,
    reset: bool,
    lap: scale_load.Lap,
) -> tuple[dict[str, int], dict[str, int]]:
    engine = create_engine(url, pool_size=1)
    try:
        if not await scale_load.is_empty(engine):
            if not reset:
                raise SeedRefused("the database already has users: add --reset to empty it first")
            await scale_load.empty(engine)
            lap("empty tables")
        password_hash = await Argon2PasswordHasher().hash(PASSWORD)
        lap("hash password once")
        rows = build(profile, students, seed, today, password_hash)
        lap("plan rows")
        await scale_load.load(engine, rows, lap)
        counts = await scale_load.count_rows(engine, list(rows.tables))
        async with engine.connect() as connection:
            breaches = await broken_rules(connection)
        lap("rule checks")
        return counts, breaches
    finally:
        await engine.dispose()


def print_report(report: dict[str, Any]) -> None:
    click.echo(
        f"Seeded the {report['profile']} data set (seed {report['seed']}, today {report['today']})"
    )
    for name, seconds in report["timings"].items():
        click.echo(f"  {name:<34} {seconds:>8.2f} s")
    click.echo("  rows:")
    for table, count in report["counts"].items():
        click.echo(f"    {table:<32} {count:>8}")
    click.echo(f"    {'total':<32} {sum(report['counts'].values()):>8}")
    broken = {rule: n for rule, n in report["rule_breaches"].items() if n}
    for rule, n in broken.items():
        click.echo(f"  RULE BROKEN: {rule}: {n} rows", err=True)
    if not broken:
        click.echo(f"  all {len(report['rule_breaches'])} rule checks pass")


@seed.command("scale")
@click.option("--profile", type=click.Choice(PROFILES), default="school", show_default=True)
@click.option(
    "--students",
    type=click.IntRange(min=1),
    default=None,
    help=f"School profile: students ({SCHOOL_STUDENTS:,} by default); every count follows.",
)
@click.option("--seed", "seed_", type=int, default=1, show_default=True)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Default: today.")
@click.option("--database-url", default=None, help="Default: the configured database.")
@click.option("--reset", is_flag=True, help="Empty every table first (the data is lost).")
@click.option("--migrate/--no-migrate", default=True, hidden=True)
def scale(
    profile: str,
    students: int | None,
    seed_: int,
    today: datetime | None,
    database_url: str | None,
    reset: bool,
    migrate: bool,
) -> None:
    """Bulk-load a school-sized data set (or the benchmark's compare set) and check it."""
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        for problem in exc.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(2) from exc
    if settings.is_production:
        raise click.ClickException("seeding is refused in production")
    if profile == "compare" and students is not None:
        raise click.UsageError("the compare profile has a fixed size: drop --students")
    url = database_url or settings.effective_database_url
    try:
        report = seed_database(
            url,
            profile=profile,
            students=students,
            seed=seed_,
            today=today.date() if today else None,
            reset=reset,
            migrate=migrate,
        )
    except SeedRefused as exc:
        raise click.ClickException(str(exc)) from exc
    print_report(report)
    if any(report["rule_breaches"].values()):
        raise SystemExit(1)
