"""``thebot seed demo``: a demo school made through the services, idempotent, removable."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from tests.api.helpers import sign_in
from thebot.adapters.db import migrations
from thebot.adapters.db.models import metadata
from thebot.bootstrap import Container
from thebot.domain.accounts.entities import Principal, Role
from thebot.entrypoints.cli import main
from thebot.entrypoints.seeds import demo_school as plan
from thebot.entrypoints.seeds.demo import describe, seed_demo
from thebot.entrypoints.seeds.demo_reset import reset_demo

OUTSIDER = "office@school.test"


async def table_counts(container: Container) -> dict[str, int]:
    async with container.unit_of_work(read_only=True) as uow:
        return {
            table.name: int(await uow.session.scalar(select(func.count()).select_from(table)) or 0)
            for table in metadata.sorted_tables
        }


async def outsider(container: Container) -> Principal:
    """A school of one's own before the demo: an admin and the subject Mathematics."""
    async with container.unit_of_work() as uow:
        created = await container.admin_bootstrap(uow).create_admin(OUTSIDER, "office-pass-2026")
        actor = Principal(user=created.user, session_id=created.user.id)
        await container.subject_service(uow).create(actor, {"name": "Mathematics"})
        await uow.commit()
    return actor


async def rows(container: Container, sql: str) -> list[Any]:
    async with container.unit_of_work(read_only=True) as uow:
        return list((await uow.session.execute(text(sql))).all())


async def test_seeding_twice_changes_nothing(container: Container) -> None:
    first = await seed_demo(container)
    assert first.created
    assert first.counts["accounts"] == len(plan.PEOPLE)
    assert first.counts["enrollments"] == len(plan.COURSES)
    seeded = await table_counts(container)

    again = await seed_demo(container)

    assert not again.created
    assert await table_counts(container) == seeded
    assert "already seeded" in describe(again, "http://x")[0]


async def test_reset_removes_exactly_the_demo_and_makes_it_again(container: Container) -> None:
    await outsider(container)
    before = await table_counts(container)
    first = await seed_demo(container)
    assert first.counts["subjects"] == 2  # Mathematics was the school's already
    seeded = await table_counts(container)

    assert await reset_demo(container) == len(plan.PEOPLE)

    # Exactly what was there before: no demo row, no orphan, the outsider's school intact.
    assert await table_counts(container) == before
    assert await rows(container, "SELECT email FROM users") == [(OUTSIDER,)]
    assert await rows(container, "SELECT name FROM subjects") == [("Mathematics",)]

    again = await seed_demo(container, reset=True)
    assert again.created
    assert await table_counts(container) == seeded
    assert [email for (email,) in await rows(container, "SELECT email FROM users")].count(
        OUTSIDER
    ) == 1


async def test_a_failed_seed_leaves_nothing_behind(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thebot.entrypoints.seeds import demo

    before = await table_counts(container)

    async def broken(_: Any) -> None:
        raise RuntimeError("the gateway fell over")

    monkeypatch.setattr(demo, "_payments", broken)
    with pytest.raises(RuntimeError):
        await seed_demo(container)
    assert await table_counts(container) == before


async def test_the_seeded_school_keeps_the_rules(container: Container) -> None:
    await seed_demo(container)

    lessons = await rows(
        container,
        "SELECT teacher_id, student_id, subject_id, start_at, end_at, status FROM lessons",
    )
    assert len(lessons) > 20
    statuses = {lesson.status for lesson in lessons}
    assert statuses == {"scheduled", "completed", "cancelled"}
    now = container.clock.now()
    for lesson in lessons:
        start, end = _aware(lesson.start_at), _aware(lesson.end_at)
        assert timedelta(minutes=15) <= end - start <= timedelta(hours=4)
        assert (lesson.status == "completed") == (start < now)
    live = [lesson for lesson in lessons if lesson.status != "cancelled"]
    for n, one in enumerate(live):
        for other in live[n + 1 :]:
            shared = {one.teacher_id, one.student_id} & {other.teacher_id, other.student_id}
            if shared:
                overlap = _aware(one.start_at) < _aware(other.end_at) and _aware(
                    other.start_at
                ) < _aware(one.end_at)
                assert not overlap, (one, other)
    # Every lesson belongs to an enrollment of its teacher, student and subject.
    enrolled = {
        (e.teacher_id, e.student_id, e.subject_id)
        for e in await rows(container, "SELECT teacher_id, student_id, subject_id FROM enrollments")
    }
    assert {(x.teacher_id, x.student_id, x.subject_id) for x in lessons} <= enrolled

    # Every enrollment's teacher teaches its subject.
    untaught = await rows(
        container,
        "SELECT e.id FROM enrollments e WHERE NOT EXISTS (SELECT 1 FROM teacher_subjects t "
        "WHERE t.teacher_id = e.teacher_id AND t.subject_id = e.subject_id)",
    )
    assert untaught == []

    # Payments are for the enrollment's price; the paid one extended paid_until.
    payments = await rows(
        container,
        "SELECT p.amount, e.price_per_period, p.status, e.paid_until, p.payer_id, s.parent_id "
        "FROM payments p JOIN enrollments e ON e.id = p.enrollment_id "
        "JOIN student_profiles s ON s.user_id = e.student_id",
    )
    assert sorted(p.status for p in payments) == ["pending", "succeeded"]
    for p in payments:
        assert p.amount == p.price_per_period
        assert p.payer_id == p.parent_id
        assert (p.paid_until is not None) == (p.status == "succeeded")

    # Rooms came with the enrollments; messages, materials, homework and reports are there.
    assert len(await rows(container, "SELECT id FROM chat_rooms")) >= len(plan.COURSES)
    graded = await rows(container, "SELECT id FROM submissions WHERE status = 'graded'")
    assert len(graded) == 2
    sent = await rows(container, "SELECT id FROM reports WHERE status = 'sent'")
    assert len(sent) == len(plan.REPORTS)
    progress = await rows(container, "SELECT material_id FROM material_progress")
    assert len(progress) == sum(len(m.progress) for m in plan.MATERIALS)
    assert await rows(container, "SELECT email FROM users WHERE must_change_password") == []


def _aware(value: Any) -> Any:
    from datetime import UTC, datetime

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def test_every_printed_sign_in_works(client: httpx.AsyncClient, container: Container) -> None:
    lines = describe(await seed_demo(container), "http://127.0.0.1:8000")
    sign_ins = [line.split() for line in lines if "@" in line]
    assert {role for role, *_ in sign_ins} == {r.value for r in Role}
    assert len(sign_ins) == len(plan.PEOPLE)
    for role, email, password, *_ in sign_ins:
        body = await sign_in(client, email, password)
        assert body["user"]["role"] == role
        assert body["user"]["must_change_password"] is False


@pytest.fixture
def fresh_env(tmp_path: Path) -> dict[str, str]:
    data_dir = tmp_path / "var"
    migrations.upgrade(f"sqlite+aiosqlite:///{data_dir / 'thebot.sqlite3'}")
    return {"THEBOT_ENV": "test", "THEBOT_DATA_DIR": str(data_dir)}


def test_the_command_seeds_once_and_resets(fresh_env: dict[str, str]) -> None:
    runner = CliRunner(env=fresh_env)
    first = runner.invoke(main, ["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "Demo school seeded: 13 accounts" in first.output
    assert f"admin@{plan.DOMAIN}" in first.output
    assert plan.PASSWORD in first.output

    again = runner.invoke(main, ["seed", "demo"])
    assert again.exit_code == 0, again.output
    assert "already seeded" in again.output
    assert f"admin@{plan.DOMAIN}" in again.output

    reset = runner.invoke(main, ["seed", "demo", "--reset"])
    assert reset.exit_code == 0, reset.output
    assert "Demo school seeded: 13 accounts, 3 new subjects" in reset.output


def test_the_command_refuses_production(
    fresh_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Valid production settings need PostgreSQL, Redis and YooKassa: stand in for them.
    production = SimpleNamespace(is_production=True)
    monkeypatch.setattr("thebot.entrypoints.cli.load_settings", lambda **_: production)
    result = CliRunner(env=fresh_env).invoke(main, ["seed", "demo"])
    assert result.exit_code == 1
    assert "never seeded in production" in result.stderr


async def test_the_demo_has_this_weeks_plans_and_the_familys_notifications(
    container: Container,
) -> None:
    seeded = await seed_demo(container)
    assert seeded.counts["study plans"] == len(plan.STUDY_PLANS)
    today = container.clock.now().astimezone(container.settings.zone).date()
    plans = await rows(container, "SELECT week_start, status, sent_at FROM study_plans")
    assert len(plans) == len(plan.STUDY_PLANS)
    for week_start, status, sent_at in plans:
        assert str(week_start) == str(today - timedelta(days=today.weekday()))
        assert (status, sent_at is not None) == ("sent", True)
    kinds = {kind for (kind,) in await rows(container, "SELECT DISTINCT kind FROM notifications")}
    assert {"study_plan_sent", "lesson_created", "report_received", "student_enrolled"} <= kinds
