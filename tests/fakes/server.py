"""An ASGI app served by uvicorn on 127.0.0.1 from a thread of its own, for the fake services.

The thread answers whatever the test's event loop does. The first start takes a free port;
``stop()`` refuses connections from then on and ``start()`` serves again on the same port.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any, Self

import uvicorn


class ThreadedServer:
    def __init__(self, app: Any, name: str) -> None:
        self._app = app
        self._name = name
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        assert self._server is None, "already running"
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        # log_config=None: uvicorn must not reconfigure the process's loggers for later tests.
        config = uvicorn.Config(
            self._app,
            lifespan="off",
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"{self._name} did not start")
            time.sleep(0.01)
        self._server, self._thread = server, thread

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(10)
        self._server = self._thread = None


async def read_body(receive: Any) -> bytes:
    """The whole request body of an ASGI HTTP request."""
    body = b""
    while True:
        event = await receive()
        body += event.get("body", b"")
        if not event.get("more_body"):
            return body


class FakeService:
    """A fake provider on loopback: served by a ``ThreadedServer``, with a queue of faults
    (``(kind, value)``) that its next requests take, one each, under ``self._lock``."""

    def __init__(self, name: str, lock: threading.Lock | threading.RLock | None = None) -> None:
        self._lock = lock or threading.Lock()
        self._faults: list[tuple[str, Any]] = []
        self._http = ThreadedServer(self, name)

    def _add_faults(self, count: int, kind: str, value: Any) -> None:
        with self._lock:
            self._faults.extend([(kind, value)] * count)

    def start(self) -> None:
        """Serve on 127.0.0.1 (a free port the first time, the same port after a stop)."""
        self._http.start()

    def stop(self) -> None:
        """Take the server down: from now on connections are refused."""
        self._http.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
