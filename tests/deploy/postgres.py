"""A private PostgreSQL primary and a streaming replica of it, for tests of the production layout.

``initdb`` makes the primary; ``pg_basebackup -R`` copies it into a second data directory set up
as a hot standby, started on another free port. Both run as the ``postgres`` user when the tests
run as root (PostgreSQL refuses to run as root), and log every statement to their own files, so
a test can tell which server ran what. Only clusters started here are ever stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from tests.processes import free_port

BIN = Path(os.environ.get("THEBOT_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
DATABASE = "thebot"
# Fast and chatty: durability is not under test, which server ran a statement is.
SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "log_statement=all",
    "log_line_prefix='%m [%p] %d '",
    "max_connections=100",
    "shared_buffers=32MB",
)


_ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def available() -> bool:
    return (BIN / "initdb").is_file() and (BIN / "pg_basebackup").is_file()


def _as_postgres(arguments: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return arguments
    return ["runuser", "-u", "postgres", "--", *arguments]


def _run(*arguments: str) -> str:
    done = subprocess.run(
        _as_postgres(list(arguments)), capture_output=True, text=True, check=False, timeout=120
    )
    if done.returncode != 0:
        raise AssertionError(f"{arguments[0]} failed: {done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Cluster:
    """One running PostgreSQL server started by a test."""

    data: Path
    port: int
    log: Path

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = DATABASE) -> str:
        """Run one statement with psql; its result, unaligned and without headers."""
        return _run(
            str(BIN / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            database,
            "-X",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            statement,
        ).strip()

    def statements(self) -> list[str]:
        """The statements this server has logged against the platform's database so far, each
        whole (a logged statement continues on the lines without a timestamp of their own)."""
        entries: list[str] = []
        for line in self.log.read_text(errors="replace").splitlines():
            if _ENTRY.match(line) or not entries:
                entries.append(line)
            else:
                entries[-1] += "\n" + line
        return [
            entry
            for entry in entries
            if f" {DATABASE} LOG:  " in entry and ("statement: " in entry or "execute " in entry)
        ]

    def start(self) -> None:
        options = " ".join(f"-c {setting}" for setting in SETTINGS)
        _run(
            str(BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} {options}",
            "start",
        )

    def stop(self) -> None:
        """Immediate shutdown (SIGQUIT) of the server started here, by its own postmaster id."""
        with suppress(FileNotFoundError, ValueError, ProcessLookupError):
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGQUIT)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                os.kill(pid, 0)  # ProcessLookupError once it is gone
                time.sleep(0.1)


def make_folder() -> Path:
    """A folder for the clusters right under the temporary directory, owned by the user the
    servers run as (pytest's own folders are private to the user running the tests)."""
    folder = Path(tempfile.mkdtemp(prefix="thebot-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    return folder


def start_primary(folder: Path) -> Cluster:
    data = folder / "primary"
    _run(str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    primary = Cluster(data, free_port(), folder / "primary.log")
    primary.start()
    primary.sql(f"CREATE DATABASE {DATABASE}", database="postgres")
    return primary


def start_replica(primary: Cluster, folder: Path) -> Cluster:
    """A hot standby streaming from ``primary`` (``-R`` writes its primary_conninfo)."""
    data = folder / "replica"
    _run(
        str(BIN / "pg_basebackup"),
        "-h",
        "127.0.0.1",
        "-p",
        str(primary.port),
        "-U",
        "postgres",
        "-D",
        str(data),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
    )
    replica = Cluster(data, free_port(), folder / "replica.log")
    replica.start()
    deadline = time.monotonic() + 60
    while replica.sql("SELECT pg_is_in_recovery()", database="postgres") != "t":
        if time.monotonic() > deadline:
            raise AssertionError("the replica did not come up as a standby")
        time.sleep(0.2)
    return replica
