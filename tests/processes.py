"""Real server processes for tests that cross process boundaries: ``thebot run`` and
``thebot worker`` started on a free port with the database and Redis under test."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import TEST_REDIS_URL

THEBOT = Path(sys.executable).with_name("thebot")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Process:
    port: int
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/api/v1/ws"


def process_env(database_url: str, folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a test process: none of the caller's THEBOT_ settings, then these."""
    return (
        {k: v for k, v in os.environ.items() if not k.startswith("THEBOT_")}
        | {
            "THEBOT_ENV": "development",
            "THEBOT_DATABASE_URL": database_url,
            "THEBOT_REDIS_URL": str(TEST_REDIS_URL),
            "THEBOT_DATA_DIR": str(folder / "var"),
            "THEBOT_LOG_LEVEL": "WARNING",
        }
        | extra
    )


def start(
    database_url: str,
    folder: Path,
    name: str,
    *,
    command: tuple[str, ...] = ("run",),
    port: int | None = None,
    **extra_env: str,
) -> Process:
    """``thebot run`` (or another ``command``) in its own process group, logging to a file."""
    port = free_port() if port is None else port
    folder.mkdir(parents=True, exist_ok=True)
    arguments = [str(THEBOT), *command]
    if command == ("run",):
        arguments += ["--host", "127.0.0.1", "--port", str(port), "--no-migrate"]
    log = folder / f"{name}.log"
    with log.open("wb") as output:
        popen = subprocess.Popen(
            arguments,
            env=process_env(database_url, folder, **extra_env),
            cwd=folder,  # no developer's .env is read
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Process(port, popen, log)


def wait_healthy(process: Process, within: float = 120) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise AssertionError(f"server exited: {process.log.read_text()}")
        with suppress(httpx.TransportError):
            if httpx.get(f"{process.http}/health", timeout=1, trust_env=False).status_code == 200:
                return
        time.sleep(0.1)
    raise AssertionError(f"server not healthy in {within} s: {process.log.read_text()}")


def stop(process: Process, sig: signal.Signals = signal.SIGINT) -> int:
    """Stop with ``sig`` (SIGKILL to the group after 15 s); the exit status."""
    if process.popen.poll() is None:
        process.popen.send_signal(sig)
        try:
            process.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.popen.pid, signal.SIGKILL)  # the group we started, nothing else
            process.popen.wait(timeout=10)
    return process.popen.returncode
