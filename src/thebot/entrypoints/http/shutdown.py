"""Graceful shutdown of a server process: open WebSockets are told the server is going away.

On SIGTERM or SIGINT uvicorn stops accepting connections, lets in-flight requests finish (up to
``timeout_graceful_shutdown``), then runs the app's shutdown. But open WebSockets it cuts itself,
first thing, with 1012 and no reason, so that a user's session never leaves cleanly (its presence
stays "online" for peers until it expires). So the app hears the signal first: while served by
uvicorn, it wraps the handler uvicorn installed. On the first signal every socket session is
asked to close with 1001 (going away) and a reason, and uvicorn is told to stop once they have
(or after ``SOCKETS_GRACE_SECONDS``). A second signal goes to uvicorn at once (a second Ctrl-C
still forces the exit).
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any

import structlog
import uvicorn

GOING_AWAY = 1001
GOING_AWAY_REASON = "The server is restarting; reconnect in a moment."
SOCKETS_GRACE_SECONDS = 5.0
SIGNALS = (signal.SIGTERM, signal.SIGINT)

log = structlog.get_logger("thebot.shutdown")
SignalHandler = Callable[[int, FrameType | None], Any]


class Departure:
    """Whether this process is leaving, and how many socket sessions it still holds."""

    def __init__(self) -> None:
        self.leaving = asyncio.Event()
        self._open = 0
        self._all_closed = asyncio.Event()
        self._all_closed.set()

    @contextmanager
    def holding_socket(self) -> Iterator[None]:
        self._open += 1
        self._all_closed.clear()
        try:
            yield
        finally:
            self._open -= 1
            if self._open == 0:
                self._all_closed.set()

    async def leave(self, grace_seconds: float = SOCKETS_GRACE_SECONDS) -> None:
        """Ask every socket session to close, and wait (bounded) until they have."""
        self.leaving.set()
        with suppress(TimeoutError):
            async with asyncio.timeout(grace_seconds):
                await self._all_closed.wait()


class SignalHook:
    """Puts ``Departure.leave`` before uvicorn's own handling of SIGTERM and SIGINT."""

    def __init__(self, departure: Departure) -> None:
        self._departure = departure
        self._previous: dict[int, SignalHandler] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._leaving: asyncio.Task[None] | None = None

    def install(self) -> None:
        """Wrap uvicorn's handlers; anywhere else (tests, other servers) change nothing."""
        if threading.current_thread() is not threading.main_thread():
            return
        self._loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            previous = signal.getsignal(sig)
            if callable(previous) and isinstance(
                getattr(previous, "__self__", None), uvicorn.Server
            ):
                self._previous[sig] = previous
                signal.signal(sig, self._handle)

    def uninstall(self) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        previous = self._previous[signum]
        if self._leaving is not None or self._loop is None:
            previous(signum, frame)
            return
        # Signal handlers run between two steps of the loop: schedule, and wake the loop up.
        self._loop.call_soon_threadsafe(self._start_leaving, previous, signum)

    def _start_leaving(self, previous: SignalHandler, signum: int) -> None:
        if self._leaving is not None:
            previous(signum, None)
            return
        self._leaving = asyncio.create_task(self._leave_then(previous, signum))

    async def _leave_then(self, previous: SignalHandler, signum: int) -> None:
        log.info("closing sockets before shutdown", signal=signal.Signals(signum).name)
        try:
            await self._departure.leave()
        finally:
            previous(signum, None)
