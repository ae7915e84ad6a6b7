"""``thebot seed demo``: a small, lifelike school, made through the domain services.

Every account, enrollment, lesson, material, homework, report, message and payment is created
by the service the API uses, so every rule the API enforces holds for the demo too. Its history
(three weeks of it) is written with a clock that walks from three weeks ago to now: the lesson
service refuses lessons in the past, so the past lessons are scheduled "back then" and marked
completed today.

Seeding twice changes nothing: the demo admin's presence means "already seeded". ``--reset``
removes what the demo made and makes it again. The removal is the one part done in SQL
(``demo_reset.py``): no service deletes a whole school, and some links are RESTRICT (payments →
payer and enrollment, enrollments → teacher), so the rows go in an order that respects them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

import click

from thebot.adapters.dev_payments import DevelopmentGateway
from thebot.bootstrap import Container, build_container
from thebot.domain.accounts.entities import Principal, Role, User
from thebot.domain.people.entities import AccountDraft
from thebot.domain.scheduling.entities import LessonQuery, LessonStatus
from thebot.domain.shared.errors import Conflict
from thebot.domain.shared.pagination import PageRequest
from thebot.domain.shared.ports import Clock
from thebot.entrypoints.seeds import demo_school as plan
from thebot.entrypoints.seeds import seed
from thebot.entrypoints.seeds.demo_reset import reset_demo

PAST_START = -21  # the demo school opened three weeks ago


class WalkingClock:
    """The base clock moved by ``offset``: the seeder sets it to write the school's history."""

    def __init__(self, base: Clock) -> None:
        self._base = base
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return self._base.now() + self.offset

    def at(self, day: int) -> None:
        self.offset = timedelta(days=day)


@dataclass
class DemoSchool:
    """What ``seed_demo`` did: whether it created the school, and how much of each thing."""

    created: bool
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Build:
    work: Container
    clock: WalkingClock
    today: date
    actors: dict[str, Principal] = field(default_factory=dict)
    subjects: dict[str, UUID] = field(default_factory=dict)
    enrollments: dict[str, UUID] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def when(self, day: int, hour: int, minute: int = 0) -> datetime:
        zone = self.work.settings.zone
        return datetime.combine(self.today + timedelta(days=day), time(hour, minute), zone)


# ----- the command ---------------------------------------------------------------------------


@seed.command("demo")
@click.option("--reset", is_flag=True, help="Remove the demo school first, then make it again.")
def demo(reset: bool) -> None:
    """A demo school (every account signs in with one demo password). Not in production."""
    # Imported here: the CLI module imports this package while it loads.
    from thebot.entrypoints.cli import load_settings, with_container

    settings = load_settings()
    if settings.is_production:
        click.echo("Refused: the demo school is never seeded in production.", err=True)
        raise SystemExit(1)
    result = with_container(settings, lambda container: seed_demo(container, reset=reset))
    for line in describe(result, settings.urls.app):
        click.echo(line)


def describe(result: DemoSchool, app_url: str) -> list[str]:
    """What to print: what was made (or that it was there already) and every sign-in."""
    if result.created:
        lines = [f"Demo school seeded: {_summary(result.counts)}."]
    else:
        lines = ["Demo school already seeded (`thebot seed demo --reset` makes it afresh)."]
    lines.append(f"Sign in at {app_url} with one of these (demo values, development only):")
    width = max(len(person.email) for person in plan.PEOPLE)
    for person in plan.PEOPLE:
        lines.append(
            f"  {person.role.value:<8} {person.email:<{width}}  {plan.PASSWORD}  {person.name}"
        )
    return lines


def _summary(counts: dict[str, int]) -> str:
    def n(what: str) -> int:
        return counts.get(what, 0)

    return (
        f"{n('accounts')} accounts, {n('subjects')} new subjects, {n('enrollments')} enrollments, "
        f"{n('lessons')} lessons ({n('completed')} completed, {n('cancelled')} cancelled), "
        f"{n('materials')} materials ({n('progress')} progress records), "
        f"{n('homework')} homework ({n('submissions')} submissions, {n('graded')} graded), "
        f"{n('reports')} reports, {n('study plans')} study plans, {n('messages')} messages, "
        f"{n('payments')} payments ({n('paid')} paid)"
    )


# ----- seeding -------------------------------------------------------------------------------


async def seed_demo(container: Container, *, reset: bool = False) -> DemoSchool:
    """Make the demo school unless it is there; with ``reset``, remove it and make it again."""
    if reset:
        await reset_demo(container)
    elif await _seeded(container):
        return DemoSchool(created=False)
    return await _build(container) or DemoSchool(created=False)


async def seed_empty_database(container: Container) -> DemoSchool | None:
    """The demo school on an empty database (``thebot run`` in development); else None."""
    async with container.unit_of_work(read_only=True) as uow:
        if not await container.admin_bootstrap(uow).is_empty():
            return None
    return await _build(container)


async def _seeded(container: Container) -> bool:
    async with container.unit_of_work(read_only=True) as uow:
        return await uow.users.find_credentials(plan.email(plan.ADMIN)) is not None


async def _build(container: Container) -> DemoSchool | None:
    """The demo school; None when another process, started at the same moment, makes it."""
    clock = WalkingClock(container.clock)
    # A container of its own, on the walking clock; the caller's stays as it is.
    work = build_container(container.settings, clock=clock)
    today = container.clock.now().astimezone(container.settings.zone).date()
    build = _Build(work=work, clock=clock, today=today)
    try:
        clock.at(PAST_START)
        try:
            await _admin(build)
        except Conflict:
            return None
        try:
            async with work.channels:
                await _school(build)
        except BaseException:
            # Never leave half a school behind: a second run would take it for a whole one.
            await reset_demo(container)
            raise
    finally:
        await work.close()
    return DemoSchool(created=True, counts=build.counts)


async def _school(b: _Build) -> None:
    await _subjects(b)
    await _people(b)
    await _enrollments(b)
    await _materials(b)
    await _past_lessons(b)
    await _homework(b)
    await _reports(b)
    await _conversations(b)
    await _payments(b)
    b.clock.at(0)
    await _lessons_now(b)
    await _study_plans(b)


async def _admin(b: _Build) -> None:
    admin = next(p for p in plan.PEOPLE if p.role is Role.ADMIN)
    async with b.work.unit_of_work() as uow:
        created = await b.work.admin_bootstrap(uow).create_admin(
            admin.email, plan.PASSWORD, first_name=admin.first_name, last_name=admin.last_name
        )
        await uow.commit()
    b.actors[admin.key] = _principal(created.user)
    b.count("accounts")


async def _subjects(b: _Build) -> None:
    admin = b.actors[plan.ADMIN]
    async with b.work.unit_of_work() as uow:
        service = b.work.subject_service(uow)
        existing = {s.name: s.id for s in await service.list_all()}
        for name, (description, color) in plan.SUBJECTS.items():
            if name in existing:
                b.subjects[name] = existing[name]  # the school's own: used, never removed
                continue
            subject = await service.create(
                admin,
                {"name": name, "description": f"{description} {plan.SUBJECT_MARK}", "color": color},
            )
            b.subjects[name] = subject.id
            b.count("subjects")
        await uow.commit()


async def _people(b: _Build) -> None:
    """Everyone but the admin, made by the admin; each then sets the demo password, as a new
    user does at first sign-in, which also lifts the must-change-password flag."""
    admin = b.actors[plan.ADMIN]
    for person in plan.PEOPLE:
        if person.role is Role.ADMIN:
            continue
        fields: dict[str, Any] = {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            **person.fields,
        }
        if person.tutor:
            fields["tutor_id"] = b.actors[person.tutor].id
        if person.parent:
            fields["parent_id"] = b.actors[person.parent].id
        async with b.work.unit_of_work() as uow:
            created = await b.work.people_service(uow).create(
                admin, AccountDraft(role=person.role, fields=fields)
            )
            actor = _principal(created.account.user)
            await b.work.auth_service(uow).change_password(
                actor, created.credentials.password, plan.PASSWORD
            )
            if person.key in plan.TEACHES:
                subject_ids = [b.subjects[s] for s in plan.TEACHES[person.key]]
                await b.work.people_service(uow).set_teacher_subjects(admin, actor.id, subject_ids)
            await uow.commit()
        b.actors[person.key] = actor
        b.count("accounts")


async def _enrollments(b: _Build) -> None:
    async with b.work.unit_of_work() as uow:
        service = b.work.enrollment_service(uow)
        for course in plan.COURSES:
            values: dict[str, Any] = {
                "student_id": b.actors[course.student].id,
                "subject_id": b.subjects[course.subject],
                "teacher_id": b.actors[course.teacher].id,
                "period_weeks": 4,
            }
            if course.price is not None:
                values["price_per_period"] = course.price
            enrollment = await service.enroll(b.actors[course.by], values)
            b.enrollments[course.key] = enrollment.id
            b.count("enrollments")
        await uow.commit()


async def _materials(b: _Build) -> None:
    material_ids = []
    async with b.work.unit_of_work() as uow:
        service = b.work.material_service(uow)
        for m in plan.MATERIALS:
            material = await service.create(
                b.actors[m.teacher],
                {
                    "title": m.title,
                    "subject_id": b.subjects[m.subject],
                    "type": m.type,
                    "status": m.status,
                    "description": m.description,
                    "content": m.content,
                    "difficulty": m.difficulty,
                    "student_ids": [b.actors[s].id for s in m.students],
                },
            )
            material_ids.append(material.id)
            b.count("materials")
        await uow.commit()
    b.clock.at(-7)
    async with b.work.unit_of_work() as uow:
        service = b.work.material_service(uow)
        for m, material_id in zip(plan.MATERIALS, material_ids, strict=True):
            for student, (percentage, minutes) in m.progress.items():
                await service.record_progress(
                    b.actors[student],
                    material_id,
                    {"progress_percentage": percentage, "time_spent_minutes": minutes},
                )
                b.count("progress")
        await uow.commit()


def _lesson_days(course: plan.Course, days: range, today: date) -> list[int]:
    weekdays = {weekday for weekday, _ in course.slots}
    return [d for d in days if (today + timedelta(days=d)).weekday() in weekdays]


def _lesson_values(b: _Build, course: plan.Course, day: int) -> dict[str, Any]:
    weekday = (b.today + timedelta(days=day)).weekday()
    hour = next(h for w, h in course.slots if w == weekday)
    start = b.when(day, hour)
    return {
        "student_id": b.actors[course.student].id,
        "subject_id": b.subjects[course.subject],
        "start_at": start,
        "end_at": start + timedelta(minutes=course.minutes),
        "description": f"{course.subject}: занятие / lesson",
    }


async def _past_lessons(b: _Build) -> None:
    """Scheduled three weeks ago (the clock is set back), for the last two weeks."""
    b.clock.at(PAST_START)
    async with b.work.unit_of_work() as uow:
        service = b.work.lesson_service(uow)
        for course in plan.COURSES:
            for day in _lesson_days(course, range(-plan.PAST_LESSON_DAYS, 0), b.today):
                await service.create(b.actors[course.teacher], _lesson_values(b, course, day))
                b.count("lessons")
        await uow.commit()


async def _lessons_now(b: _Build) -> None:
    """Today: the past lessons are marked completed; the next two weeks are scheduled."""
    async with b.work.unit_of_work() as uow:
        service = b.work.lesson_service(uow)
        done = LessonQuery(starts_before=b.clock.now(), status=LessonStatus.SCHEDULED)
        for teacher in sorted({course.teacher for course in plan.COURSES}):
            past = await service.list_lessons(b.actors[teacher], done, PageRequest(limit=100))
            for lesson in past.items:
                await service.complete(b.actors[teacher], lesson.id)
                b.count("completed")
        for course in plan.COURSES:
            teacher_actor = b.actors[course.teacher]
            future_days = range(1, plan.FUTURE_LESSON_DAYS + 1)
            for n, day in enumerate(_lesson_days(course, future_days, b.today)):
                lesson = await service.create(teacher_actor, _lesson_values(b, course, day))
                b.count("lessons")
                if course.key == plan.CANCELLED_COURSE and n == 0:
                    await service.cancel(
                        teacher_actor, lesson.id, "Учитель на конференции / teacher at a conference"
                    )
                    b.count("cancelled")
        await uow.commit()


async def _homework(b: _Build) -> None:
    for hw in plan.HOMEWORK:
        b.clock.at(hw.set_on)
        teacher = b.actors[hw.teacher]
        async with b.work.unit_of_work() as uow:
            assignment = await b.work.homework_service(uow).create(
                teacher,
                {
                    "title": hw.title,
                    "instructions": hw.instructions,
                    "subject_id": b.subjects[hw.subject],
                    "due_at": b.when(hw.due, 20),
                    "max_score": hw.max_score,
                    "status": "published",
                    "student_ids": [b.actors[s].id for s in hw.students],
                },
            )
            await uow.commit()
        b.count("homework")
        for work in hw.submissions:
            b.clock.at(work.day)
            async with b.work.unit_of_work() as uow:
                submission = await b.work.submission_service(uow).submit(
                    b.actors[work.student], assignment.id, work.text, None
                )
                await uow.commit()
            b.count("submissions")
            if work.grade is None:
                continue
            score, comment, day = work.grade
            b.clock.at(day)
            async with b.work.unit_of_work() as uow:
                await b.work.submission_service(uow).give_feedback(
                    teacher, submission.id, {"score": score, "comment": comment}
                )
                await uow.commit()
            b.count("graded")


async def _reports(b: _Build) -> None:
    b.clock.at(-1)
    async with b.work.unit_of_work() as uow:
        service = b.work.report_service(uow)
        for r in plan.REPORTS:
            values: dict[str, Any] = {
                "student_id": b.actors[r.student].id,
                "subject_id": b.subjects[r.subject] if r.subject else None,
                "period_start": b.today + timedelta(days=PAST_START),
                "period_end": b.today - timedelta(days=1),
                "title": r.title,
                "summary": r.summary,
                "achievements": r.achievements,
                "recommendations": r.recommendations,
                "progress_percentage": r.progress,
                "attendance_percentage": r.attendance,
                "recipients": list(r.recipients),
            }
            await service.create(b.actors[r.author], values, send=True)
            b.count("reports")
        await uow.commit()


async def _conversations(b: _Build) -> None:
    for talk in plan.CONVERSATIONS:
        b.clock.at(talk.day)
        first = b.actors[talk.lines[0][0]]
        async with b.work.unit_of_work() as uow:
            service = b.work.forum_service(uow)
            chats = await service.list_chats(first, PageRequest(limit=100))
            room = next(
                c
                for c in chats.items
                if c.enrollment_id == b.enrollments[talk.course] and c.kind.value == talk.kind
            )
            for who, text in talk.lines:
                await service.send(b.actors[who], room.id, content=text)
                b.count("messages")
            await uow.commit()


async def _payments(b: _Build) -> None:
    """One period paid (on the development gateway, the payer "pays" on its page), and one
    payment left pending. The pending one is not sent to the gateway here: the development
    gateway forgets its payments when this process ends, so the server makes the provider
    payment itself when the parent opens it (or its reconciler does)."""
    gateway = b.work.payment_gateway
    if isinstance(gateway, DevelopmentGateway):
        course, parent, day = plan.PAID
        b.clock.at(day)
        async with b.work.unit_of_work() as uow:
            service = b.work.payment_service(uow)
            payment, _ = await service.open(b.actors[parent], b.enrollments[course])
            await uow.commit()
            payment = await service.submit(payment.id)
            await uow.commit()
            assert payment.provider_payment_id is not None
            gateway.pay(payment.provider_payment_id)
            await service.refresh(payment.provider_payment_id, source="seed")
            await uow.commit()
        b.count("payments")
        b.count("paid")
    course, parent = plan.PENDING
    b.clock.at(0)
    async with b.work.unit_of_work() as uow:
        await b.work.payment_service(uow).open(b.actors[parent], b.enrollments[course])
        await uow.commit()
    b.count("payments")


async def _study_plans(b: _Build) -> None:
    """This week's plans, sent: the student, tutor and parent find them on their home screens."""
    monday = b.today - timedelta(days=b.today.weekday())
    courses = {course.key: course for course in plan.COURSES}
    async with b.work.unit_of_work() as uow:
        service = b.work.study_plan_service(uow)
        for study in plan.STUDY_PLANS:
            course = courses[study.course]
            teacher = b.actors[course.teacher]
            written = await service.create(
                teacher,
                {
                    "student_id": b.actors[course.student].id,
                    "subject_id": b.subjects[course.subject],
                    "week_start": monday,
                    "title": study.title,
                    "content": study.content,
                },
            )
            await service.send(teacher, written.id)
            b.count("study plans")
        await uow.commit()


def _principal(user: User) -> Principal:
    """The seeder acts as each person, as their own request would (a session of its own)."""
    return Principal(user=user, session_id=uuid4())
