"""The production layout on one machine: a PostgreSQL primary with a streaming replica, Redis,
the migrations run once as a release step, two ``thebot run`` app processes reading dashboards
from the replica, and one ``thebot worker`` delivering the Pachca outbox to the fake Pachca.

Every claim is observed from outside: which server ran a statement comes from each server's own
statement log, replica lag is made visible by pausing the replica's replay, jobs are seen arriving
at the fake Pachca. The school is the demo school (``thebot seed demo``), as an operator would
load it.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL
from tests.deploy import postgres
from tests.deploy.postgres import Cluster
from tests.fakes.pachca import CHAT_ID, TOKEN, FakePachca
from tests.processes import THEBOT, Process, process_env, start, stop, wait_healthy
from thebot.entrypoints.seeds import demo_school as plan

pytestmark = [
    pytest.mark.skipif(
        TEST_DATABASE_URL is None or TEST_REDIS_URL is None,
        reason="the production layout needs THEBOT_TEST_DATABASE_URL and THEBOT_TEST_REDIS_URL",
    ),
    pytest.mark.skipif(not postgres.available(), reason="PostgreSQL server binaries not found"),
]

STUDENT = "masha.ivanova"
TEACHER = "anna.smirnova"
WAIT = 60.0
# The test environment hashes passwords cheaply (the demo seed makes a dozen accounts); it is
# otherwise the development one, minus the demo school made on an empty database.
ENV = {"THEBOT_ENV": "test"}
# How long a user who wrote reads from the primary (shorter than the default 5 s, to wait less).
STICKY_SECONDS = 2


@dataclass
class Layout:
    primary: Cluster
    replica: Cluster
    a: Process
    b: Process
    worker: Process
    pachca: FakePachca


def release_step(database_url: str, folder: Path, *command: str) -> None:
    """A one-off ``thebot`` command against the primary, as a deploy runs it before the apps."""
    done = subprocess.run(
        [str(THEBOT), *command],
        env=process_env(database_url, folder, **ENV),
        cwd=folder,
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Layout]:
    folder = tmp_path_factory.mktemp("layout")
    databases = postgres.make_folder()
    clusters: list[Cluster] = []
    processes: list[Process] = []
    with FakePachca() as pachca:
        try:
            clusters.append(postgres.start_primary(databases))
            clusters.append(postgres.start_replica(clusters[0], databases))
            primary, replica = clusters
            release_step(primary.url(), folder, "db", "upgrade")
            release_step(primary.url(), folder, "seed", "demo")
            env = ENV | {
                "THEBOT_DATABASE_REPLICA_URLS": replica.url(),
                "THEBOT_DATABASE_REPLICA_STICKY_SECONDS": str(STICKY_SECONDS),
                "THEBOT_PACHCA_TOKEN": TOKEN,
                "THEBOT_PACHCA_CHAT_ID": str(CHAT_ID),
                "THEBOT_PACHCA_API_URL": pachca.api_url,
            }
            for name in ("a", "b"):
                processes.append(start(primary.url(), folder / name, name, **env))
            processes.append(
                start(primary.url(), folder / "w", "worker", command=("worker",), **env)
            )
            for process in processes[:2]:
                wait_healthy(process)
            yield Layout(primary, replica, processes[0], processes[1], processes[2], pachca)
        finally:
            # All at once: each takes a few seconds to stop gracefully.
            with ThreadPoolExecutor() as stopping:
                list(stopping.map(stop, processes))
            for cluster in reversed(clusters):
                cluster.stop()
            shutil.rmtree(databases, ignore_errors=True)


class Person:
    """Someone signed in through one process, with a client for each of the two."""

    def __init__(self, layout: Layout, key: str) -> None:
        response = httpx.post(
            f"{layout.a.http}/api/v1/auth/login",
            json={"email": plan.email(key), "password": plan.PASSWORD},
            timeout=10,
            trust_env=False,
        )
        assert response.status_code == 200, response.text
        self.id = response.json()["user"]["id"]
        self.token = response.json()["access_token"]
        headers = {"Authorization": f"Bearer {self.token}"}
        self.on_a = httpx.Client(
            base_url=f"{layout.a.http}/api/v1", headers=headers, timeout=10, trust_env=False
        )
        self.on_b = httpx.Client(
            base_url=f"{layout.b.http}/api/v1", headers=headers, timeout=10, trust_env=False
        )

    def close(self) -> None:
        self.on_a.close()
        self.on_b.close()


@pytest.fixture
def people(layout: Layout) -> Iterator[tuple[Person, Person]]:
    student, teacher = Person(layout, STUDENT), Person(layout, TEACHER)
    yield student, teacher
    student.close()
    teacher.close()


def shared_chat(student: Person, teacher: Person) -> str:
    """The room of the student with their teacher (both are in it)."""
    mine = {chat["id"] for chat in ok(student.on_a.get("/forum/chats"))["items"]}
    theirs = [chat["id"] for chat in ok(teacher.on_a.get("/forum/chats"))["items"]]
    return next(chat for chat in theirs if chat in mine)


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@dataclass
class DashboardRead:
    unread: int
    from_replica: bool


def read_dashboard(layout: Layout, student: Person) -> DashboardRead:
    """Unread chat messages on the student's dashboard (asked of process B), and whether the
    replica ran its statements (only dashboards read from it, and tests run one at a time)."""
    seen = len(layout.replica.statements())
    unread = int(ok(student.on_b.get("/dashboard/student"))["unread_messages"]["total"])
    return DashboardRead(unread, len(layout.replica.statements()) > seen)


def caught_up(layout: Layout) -> bool:
    """The replica has replayed everything the primary has written so far."""
    written = layout.primary.sql("SELECT pg_current_wal_lsn()", database="postgres")
    return (
        layout.replica.sql(
            f"SELECT pg_last_wal_replay_lsn() >= '{written}'::pg_lsn", database="postgres"
        )
        == "t"
    )


def post(teacher: Person, chat: str, text: str) -> dict[str, Any]:
    result: dict[str, Any] = ok(
        teacher.on_a.post(f"/forum/chats/{chat}/messages", json={"content": text}), 201
    )
    return result


def eventually(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"not within {WAIT} s: {what}"
        time.sleep(0.1)


def new_lines(cluster: Cluster, seen: int) -> list[str]:
    return cluster.statements()[seen:]


# ----- one school across processes --------------------------------------------------------------


def test_a_session_signed_in_through_one_process_works_on_the_other(layout: Layout) -> None:
    student = Person(layout, STUDENT)
    try:
        me = ok(student.on_b.get("/auth/me"))
        assert me["user"]["email"] == plan.email(STUDENT)
    finally:
        student.close()


async def test_a_message_posted_through_one_process_reaches_a_socket_on_the_other(
    layout: Layout, people: tuple[Person, Person]
) -> None:
    student, teacher = people
    chat = shared_chat(student, teacher)
    ticket = ok(student.on_b.post("/ws/ticket"))["ticket"]
    async with connect(f"{layout.b.ws}?ticket={ticket}", open_timeout=10) as socket:
        assert json.loads(await socket.recv())["type"] == "ready"
        message = await asyncio.to_thread(post, teacher, chat, "Across processes: page 12")
        async with asyncio.timeout(WAIT):
            while True:
                event = json.loads(await socket.recv())
                if event["type"] == "message.created":
                    break
    assert event["data"]["id"] == message["id"]
    assert event["data"]["content"] == "Across processes: page 12"
    listed = ok(student.on_b.get(f"/forum/chats/{chat}/messages"))["items"]
    assert message["id"] in [item["id"] for item in listed]


def test_the_worker_delivers_a_message_to_pachca_from_the_outbox(
    layout: Layout, people: tuple[Person, Person]
) -> None:
    student, teacher = people
    post(teacher, shared_chat(student, teacher), "Delivered by the worker process")

    eventually(
        lambda: any("Delivered by the worker process" in c for c in layout.pachca.contents),
        "the worker posts the message to the fake Pachca",
    )
    assert layout.worker.popen.poll() is None


# ----- reads from the replica, writes on the primary -------------------------------------------


def test_dashboards_are_read_from_the_replica_and_writes_land_on_the_primary(
    layout: Layout, people: tuple[Person, Person]
) -> None:
    student, teacher = people
    chat = shared_chat(student, teacher)
    eventually(lambda: read_dashboard(layout, student).from_replica, "a reader on the replica")
    replica_seen, primary_seen = len(layout.replica.statements()), len(layout.primary.statements())

    ok(student.on_b.get("/dashboard/student"))

    on_replica = new_lines(layout.replica, replica_seen)
    assert any("enrollments." in line for line in on_replica), on_replica
    primary_during_read = new_lines(layout.primary, primary_seen)
    # Who is signed in is asked of the primary (a new session or a revocation counts at once).
    assert any("auth_sessions" in line for line in primary_during_read), primary_during_read
    assert not any("enrollments" in line for line in primary_during_read), primary_during_read

    replica_seen, primary_seen = len(layout.replica.statements()), len(layout.primary.statements())
    post(teacher, chat, "Written to the primary")

    assert any("INSERT INTO" in line for line in new_lines(layout.primary, primary_seen))
    assert new_lines(layout.replica, replica_seen) == []


def test_a_paused_replica_shows_others_writes_late_but_a_writer_reads_their_own_at_once(
    layout: Layout, people: tuple[Person, Person]
) -> None:
    student, teacher = people
    chat = shared_chat(student, teacher)
    eventually(lambda: caught_up(layout), "the replica replays the primary")
    eventually(lambda: read_dashboard(layout, student).from_replica, "a reader on the replica")
    before = read_dashboard(layout, student).unread
    layout.replica.sql("SELECT pg_wal_replay_pause()", database="postgres")
    try:
        post(teacher, chat, "Sent while the replica lags")

        # The replica has not replayed the message: the dashboard does not count it yet...
        assert read_dashboard(layout, student) == DashboardRead(before, from_replica=True)
        # ...while everything but dashboards reads the primary, which has it.
        chats = ok(student.on_b.get("/forum/chats"))["items"]
        assert next(c for c in chats if c["id"] == chat)["unread_count"] >= 1

        # Whoever has just written reads from the primary, in every process.
        ok(student.on_a.post("/notifications/read-all"))
        assert read_dashboard(layout, student) == DashboardRead(before + 1, from_replica=False)
    finally:
        layout.replica.sql("SELECT pg_wal_replay_resume()", database="postgres")

    eventually(
        lambda: read_dashboard(layout, student) == DashboardRead(before + 1, from_replica=True),
        "the replica catches up and serves the dashboard again",
    )
