"""The soak's people and what they do: a school day of requests, one request per action.

The virtual users are related to each other (picked with SQL from the ``thebot seed scale``
data set): a few teachers, students they teach, those students' tutors and parents. So a
teacher's message reaches a student's open socket, a tutor's report reaches a parent who reads
it, and a lesson a teacher schedules is one of their own students'. Every write is chosen so
that the platform must accept it (a lesson in a free slot of its own, homework the student was
set): any answer but 2xx is an error of the run.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
from bench.load import CHATS, LOGIN_PATH
from sqlalchemy.engine import make_url

from thebot.entrypoints.seeds.scale_plan import PASSWORD

TOKEN_SECONDS = 12 * 60  # access tokens live 15 minutes: sign in again before that
SLOT = timedelta(minutes=45)  # new lessons: 30 minutes each, every one in a slot of its own
FAR_AHEAD = timedelta(days=200)  # beyond the seeded lessons (today - 70 ... today + 70 days)


@dataclass
class Person:
    email: str
    role: str
    id: str = ""
    token: str = ""
    signed_in_at: float = 0.0
    chats: list[str] = field(default_factory=list)


@dataclass
class Teaching:
    """One active enrollment between a virtual teacher and a virtual student."""

    teacher: Person
    student: Person
    subject_id: str


@dataclass
class School:
    people: dict[str, list[Person]]
    teaching: list[Teaching]
    homework: dict[str, list[str]] = field(default_factory=dict)  # student id -> assignments
    lessons: dict[str, list[str]] = field(default_factory=dict)  # teacher id -> own new lessons
    family: dict[str, tuple[str, str]] = field(default_factory=dict)  # student: tutor, parent
    unread_reports: list[tuple[Person, str]] = field(default_factory=list)
    handing_in: set[str] = field(default_factory=set)  # students whose hand-in is on its way
    slots: int = 0
    start: datetime = field(default_factory=lambda: datetime.now(UTC) + FAR_AHEAD)

    def next_slot(self) -> tuple[str, str]:
        """A 30-minute lesson nobody else has: no overlap for any teacher or student."""
        self.slots += 1
        begins = self.start.replace(minute=0, second=0, microsecond=0) + self.slots * SLOT
        return begins.isoformat(), (begins + timedelta(minutes=30)).isoformat()


POPULATION = """
with teachers as (
    select id from users where role = 'teacher' order by email limit $1
), students as (
    select distinct u.id, u.email from enrollments e join users u on u.id = e.student_id
    where e.teacher_id in (select id from teachers) and e.status = 'active'
    order by u.email limit $2
)
select 'student' as role, s.email, s.id from students s
union select 'teacher', u.email, u.id from users u where u.id in (select id from teachers)
union select 'tutor', u.email, u.id from student_profiles p join users u on u.id = p.tutor_id
    where p.user_id in (select id from students)
union select 'parent', u.email, u.id from student_profiles p join users u on u.id = p.parent_id
    where p.user_id in (select id from students)
"""
TEACHING = """
select teacher_id, student_id, subject_id from enrollments
where status = 'active' and teacher_id = any($1::uuid[]) and student_id = any($2::uuid[])
order by teacher_id, student_id
"""
LATEST_LESSON = "select max(end_at) from lessons"
FAMILY = "select user_id, tutor_id, parent_id from student_profiles where user_id = any($1::uuid[])"


async def population(database_url: str, teachers: int, students: int) -> School:
    """The virtual users and who teaches whom, read from the seeded database."""
    url = make_url(database_url).set(drivername="postgresql")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        rows = await connection.fetch(POPULATION, teachers, students)
        people: dict[str, list[Person]] = {"student": [], "teacher": [], "tutor": [], "parent": []}
        by_id: dict[str, Person] = {}
        for row in sorted(rows, key=lambda r: r["email"]):
            person = Person(row["email"], row["role"], str(row["id"]))
            people[person.role].append(person)
            by_id[person.id] = person
        pairs = await connection.fetch(
            TEACHING,
            [p.id for p in people["teacher"]],
            [p.id for p in people["student"]],
        )
        families = await connection.fetch(FAMILY, [p.id for p in people["student"]])
        latest: datetime | None = await connection.fetchval(LATEST_LESSON)
    finally:
        await connection.close()
    teaching = [
        Teaching(by_id[str(r["teacher_id"])], by_id[str(r["student_id"])], str(r["subject_id"]))
        for r in pairs
    ]
    family = {str(r["user_id"]): (str(r["tutor_id"]), str(r["parent_id"])) for r in families}
    # New lessons go after every lesson there is, those of earlier soak runs included.
    start = max(datetime.now(UTC) + FAR_AHEAD, (latest or datetime.now(UTC)) + timedelta(days=1))
    return School(people, teaching, family=family, start=start)


# ----- requests ---------------------------------------------------------------------------------

Record = Callable[[str, int, float], None]  # action, status (0: no answer), seconds


class Driver:
    """Sends requests for virtual users over a few keep-alive connections, and records them."""

    def __init__(self, clients: list[httpx.AsyncClient], record: Record) -> None:
        self.clients = clients
        self.record = record
        self.sent = 0

    async def request(
        self, action: str, person: Person | None, method: str, path: str, **kwargs: Any
    ) -> httpx.Response | None:
        if person is not None and time.monotonic() - person.signed_in_at > TOKEN_SECONDS:
            await self.sign_in(person)
        self.sent += 1
        client = self.clients[self.sent % len(self.clients)]
        headers = {"Authorization": f"Bearer {person.token}"} if person else None
        started = time.perf_counter()
        try:
            response = await client.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError:
            self.record(action, 0, time.perf_counter() - started)
            return None
        self.record(action, response.status_code, time.perf_counter() - started)
        return response if response.is_success else None

    async def sign_in(self, person: Person) -> None:
        body = {"email": person.email, "password": PASSWORD}
        person.signed_in_at = time.monotonic()  # no second sign-in while this one runs
        response = await self.request("sign-in", None, "POST", LOGIN_PATH, json=body)
        if response is not None:
            person.token = response.json()["access_token"]


async def prepare(school: School, driver: Driver) -> None:
    """Before the load: everyone signed in, chats known, homework set, one report each parent."""
    for people in school.people.values():
        for person in people:
            await driver.sign_in(person)
            if not person.token:
                raise RuntimeError(f"{person.email} cannot sign in")
    virtual_students = {p.id for p in school.people["student"]}
    for person in school.people["student"] + school.people["teacher"]:
        response = await driver.request("setup", person, "GET", CHATS, params={"limit": "100"})
        items = response.json()["items"] if response is not None else []
        # Archived chats (of ended enrollments) refuse new messages with 409: left out.
        person.chats = [
            c["id"]
            for c in items
            if not c["is_archived"] and (person.role == "student" or _with(c, virtual_students))
        ]
    due = (datetime.now(UTC) + timedelta(days=14)).isoformat()
    for pair in school.teaching:
        response = await driver.request(
            "setup",
            pair.teacher,
            "POST",
            "/api/v1/assignments",
            json={
                "title": f"Soak homework for {pair.student.email}",
                "subject_id": pair.subject_id,
                "due_at": due,
                "student_ids": [pair.student.id],
                "status": "published",
            },
        )
        if response is None:
            raise RuntimeError("a teacher could not set homework: see the server log")
        school.homework.setdefault(pair.student.id, []).append(response.json()["id"])
    for _ in school.people["parent"]:
        await write_report(school, driver, random.Random(0))  # noqa: S311 - not secrets


def _with(chat: dict[str, Any], students: set[str]) -> bool:
    """Whether one of ``students`` is in ``chat``: a teacher writes where a socket listens."""
    return any(p["id"] in students for p in chat["participants"])


Action = Callable[[School, Driver, random.Random], Awaitable[None]]


def getter(role: str, path: str, params: dict[str, str] | None = None) -> Action:
    async def get(school: School, driver: Driver, rng: random.Random) -> None:
        await driver.request(name, rng.choice(school.people[role]), "GET", path, params=params)

    name = f"{role} {path.removeprefix('/api/v1/')}"
    get.__name__ = name
    return get


async def sign_in(school: School, driver: Driver, rng: random.Random) -> None:
    await driver.sign_in(rng.choice(school.people[rng.choice(list(school.people))]))


async def message_page(school: School, driver: Driver, rng: random.Random) -> None:
    student = rng.choice(school.people["student"])
    path = f"{CHATS}/{rng.choice(student.chats)}/messages"
    await driver.request("student chat messages", student, "GET", path)


async def send_message(school: School, driver: Driver, rng: random.Random) -> None:
    role = "student" if rng.random() < 0.6 else "teacher"
    sender = rng.choice([p for p in school.people[role] if p.chats])
    body = {"content": f"Soak message {uuid.uuid4().hex[:8]}", "client_id": str(uuid.uuid4())}
    path = f"{CHATS}/{rng.choice(sender.chats)}/messages"
    await driver.request(f"{role} sends message", sender, "POST", path, json=body)


async def create_lesson(school: School, driver: Driver, rng: random.Random) -> None:
    pair = rng.choice(school.teaching)
    start_at, end_at = school.next_slot()
    body = {
        "student_id": pair.student.id,
        "subject_id": pair.subject_id,
        "start_at": start_at,
        "end_at": end_at,
    }
    response = await driver.request(
        "teacher creates lesson", pair.teacher, "POST", "/api/v1/lessons", json=body
    )
    if response is not None:
        school.lessons.setdefault(pair.teacher.id, []).append(response.json()["id"])


async def move_lesson(school: School, driver: Driver, rng: random.Random) -> None:
    owners = [t for t in school.people["teacher"] if school.lessons.get(t.id)]
    if not owners:
        await create_lesson(school, driver, rng)
        return
    teacher = rng.choice(owners)
    lessons = school.lessons[teacher.id]
    lesson = lessons.pop(rng.randrange(len(lessons)))  # nobody else moves it meanwhile
    start_at, end_at = school.next_slot()
    path = f"/api/v1/lessons/{lesson}"
    body = {"start_at": start_at, "end_at": end_at}
    await driver.request("teacher moves lesson", teacher, "PATCH", path, json=body)
    lessons.append(lesson)


async def submit_homework(school: School, driver: Driver, rng: random.Random) -> None:
    # One hand-in at a time per student, as from a browser: two at once race for the same
    # version number and the second is refused with 409 "reload and try again", by design.
    waiting = set(school.homework) - school.handing_in
    students = [p for p in school.people["student"] if p.id in waiting]
    student = rng.choice(students)
    assignment = rng.choice(school.homework[student.id])
    path = f"/api/v1/assignments/{assignment}/submissions"
    text = {"text": (None, f"My answer {uuid.uuid4().hex[:8]}")}  # multipart, as a browser
    school.handing_in.add(student.id)
    try:
        await driver.request("student submits homework", student, "POST", path, files=text)
    finally:
        school.handing_in.discard(student.id)


async def write_report(school: School, driver: Driver, rng: random.Random) -> None:
    tutors = {p.id: p for p in school.people["tutor"]}
    parents = {p.id: p for p in school.people["parent"]}
    student = rng.choice(school.people["student"])
    today = datetime.now(UTC).date()
    body = {
        "student_id": student.id,
        "period_start": (today - timedelta(days=7)).isoformat(),
        "period_end": today.isoformat(),
        "title": "Weekly progress",
        "summary": "Steady work this week.",
        "send": True,
    }
    # The student's tutor writes to the student's parent (both virtual: see ``population``).
    tutor, parent = school.family[student.id]
    response = await driver.request(
        "tutor writes report", tutors[tutor], "POST", "/api/v1/reports", json=body
    )
    if response is not None:
        school.unread_reports.append((parents[parent], response.json()["id"]))


async def read_report(school: School, driver: Driver, rng: random.Random) -> None:
    if not school.unread_reports:
        await write_report(school, driver, rng)
        return
    parent, report = school.unread_reports.pop(rng.randrange(len(school.unread_reports)))
    path = f"/api/v1/reports/{report}/read"
    await driver.request("parent reads report", parent, "POST", path)


# A school day's mix: mostly reading dashboards, lists and chats, some writing.
ACTIONS: tuple[tuple[float, Action], ...] = (
    (12, getter("student", "/api/v1/dashboard/student")),
    (5, getter("teacher", "/api/v1/dashboard/teacher")),
    (2, getter("tutor", "/api/v1/dashboard/tutor")),
    (4, getter("parent", "/api/v1/dashboard/parent")),
    (6, getter("student", "/api/v1/lessons")),
    (3, getter("teacher", "/api/v1/lessons")),
    (2, getter("parent", "/api/v1/lessons/upcoming")),
    (3, getter("student", "/api/v1/materials")),
    (2, getter("teacher", "/api/v1/materials")),
    (4, getter("student", "/api/v1/assignments")),
    (2, getter("teacher", "/api/v1/submissions", {"status": "pending"})),
    (6, getter("student", CHATS)),
    (2, getter("teacher", CHATS)),
    (5, message_page),
    (8, send_message),
    (3, getter("student", "/api/v1/notifications")),
    (2, getter("teacher", "/api/v1/notifications")),
    (1, getter("parent", "/api/v1/notifications")),
    (2, getter("parent", "/api/v1/reports")),
    (1, read_report),
    (0.5, write_report),
    (1.5, create_lesson),
    (1, move_lesson),
    (2, submit_homework),
    (1, sign_in),
    (2, getter("student", "/api/v1/auth/me")),
)
