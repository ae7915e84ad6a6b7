"""The real-time load: connected sockets, messages at a fixed rate, receipts timed.

Two phases share one set of sockets (each user's socket on process A or B, alternately):

- ``http``: messages sent with ``POST /api/v1/forum/chats/{id}/messages`` through A and B
  alternately, each from one participant of a random chat; timed from just before the request
  until the *other* participant's socket receives its ``message.created``. The whole path:
  HTTP, sign-in check, the forum's SQL, commit, publish, Redis, the other process, the socket.
- ``fanout``: the same events published straight to Redis (what a server process does after
  the commit), timed until the socket receives them: the real-time path alone.

Sends are open loop: message ``k`` is due at ``start + k / rate`` whatever happened to the
previous ones (at most ``MAX_IN_FLIGHT`` unanswered), so a slow server shows as latency and as
a lower sustained rate, not as a politely slower client.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import msgspec
from bench.realtime_seed import Member, Room
from redis.asyncio import Redis
from redis.exceptions import RedisError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

MAX_IN_FLIGHT = 256
GRACE_SECONDS = 3.0  # how long the deliveries of the last messages are waited for
LATE_SECONDS = 0.05  # a send this late against its schedule counts as "behind schedule"


@dataclass(slots=True)
class Sent:
    at: float
    recipient: Member
    cross: bool
    measured: bool
    received_at: float | None = None
    failed: bool = False  # the send itself failed: nothing to receive


@dataclass
class Recorder:
    """What one phase sent and when the recipients got it."""

    sent: dict[str, Sent] = field(default_factory=dict)
    send_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    sent_ok_in_window: int = 0
    behind_schedule: int = 0

    def error(self, client_id: str, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        self.sent[client_id].failed = True


@dataclass
class Sockets:
    """Every user's socket, the process holding it, and the phase now being recorded."""

    home: dict[Member, int] = field(default_factory=dict)
    connections: list[ClientConnection] = field(default_factory=list)
    listeners: list[asyncio.Task[None]] = field(default_factory=list)
    recorder: Recorder = field(default_factory=Recorder)
    closed: dict[str, int] = field(default_factory=dict)

    async def close(self) -> None:
        for connection in self.connections:
            await connection.close()
        for listener in self.listeners:
            listener.cancel()
        await asyncio.gather(*self.listeners, return_exceptions=True)


class Event(msgspec.Struct):
    type: str
    data: dict[str, Any] = {}


async def listen(connection: ClientConnection, member: Member, sockets: Sockets) -> None:
    decoder = msgspec.json.Decoder(Event)
    try:
        async for raw in connection:
            now = time.perf_counter()
            event = decoder.decode(raw)
            if event.type != "message.created":
                continue
            sent = sockets.recorder.sent.get(str(event.data.get("client_id")))
            if sent is not None and sent.recipient is member and sent.received_at is None:
                sent.received_at = now
    except ConnectionClosed as closed:
        code = str(closed.rcvd.code) if closed.rcvd else "no close frame"
        sockets.closed[code] = sockets.closed.get(code, 0) + 1


async def open_sockets(clients: list[httpx.AsyncClient], members: list[Member]) -> Sockets:
    """Member ``i``'s socket on process ``i % 2``, each ``ready`` (subscribed) when this returns."""
    sockets = Sockets()
    opening = asyncio.Semaphore(20)

    async def open_one(index: int, member: Member) -> None:
        http = clients[index % 2]
        async with opening:
            response = await http.post(
                "/api/v1/ws/ticket", headers={"Authorization": f"Bearer {member.token}"}
            )
            response.raise_for_status()
            base = str(http.base_url).rstrip("/").replace("http", "ws", 1)
            connection = await connect(
                f"{base}/api/v1/ws?ticket={response.json()['ticket']}",
                open_timeout=10,
                ping_interval=None,
                max_queue=None,
            )
            ready = json.loads(await connection.recv())
            if ready["type"] != "ready":
                raise RuntimeError(f"expected 'ready', got {ready}")
        sockets.home[member] = index % 2
        sockets.connections.append(connection)
        sockets.listeners.append(asyncio.create_task(listen(connection, member, sockets)))

    await asyncio.gather(*(open_one(i, m) for i, m in enumerate(members)))
    return sockets


# ----- one phase --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pace:
    rate: float
    warmup: float
    duration: float
    seed: int


Send = Callable[[int, Room, Member, str, Recorder, bool], Awaitable[None]]


def http_sender(clients: list[httpx.AsyncClient]) -> Send:
    async def send(
        seq: int, room: Room, sender: Member, client_id: str, recorder: Recorder, measured: bool
    ) -> None:
        started = time.perf_counter()
        try:
            response = await clients[seq % 2].post(
                f"/api/v1/forum/chats/{room.chat_id}/messages",
                json={"content": f"bench message {client_id}", "client_id": client_id},
                headers={"Authorization": f"Bearer {sender.token}"},
            )
        except httpx.HTTPError as exc:
            recorder.error(client_id, type(exc).__name__)
            return
        if response.status_code != 201:
            recorder.error(client_id, f"HTTP {response.status_code}")
            return
        if measured:
            recorder.send_ms.append((time.perf_counter() - started) * 1000)
            recorder.sent_ok_in_window += 1

    return send


def redis_sender(redis: Redis) -> Send:
    async def send(
        seq: int, room: Room, sender: Member, client_id: str, recorder: Recorder, measured: bool
    ) -> None:
        recipient = room.teacher if sender is room.student else room.student
        payload = msgspec.json.encode(
            {
                "type": "message.created",
                "data": {"chat_id": str(room.chat_id), "client_id": client_id},
            }
        )
        started = time.perf_counter()
        try:
            await redis.publish(f"user.{recipient.user_id}", payload)
        except RedisError as exc:
            recorder.error(client_id, type(exc).__name__)
            return
        if measured:
            recorder.send_ms.append((time.perf_counter() - started) * 1000)
            recorder.sent_ok_in_window += 1

    return send


async def run_phase(
    name: str,
    send: Send,
    rooms: list[Room],
    sockets: Sockets,
    pace: Pace,
    cpu: Callable[[], dict[str, float]],
) -> tuple[Recorder, dict[str, Any]]:
    """Send ``rate`` messages a second for ``warmup + duration`` seconds; time the receipts."""
    recorder = sockets.recorder = Recorder()
    rng = random.Random(pace.seed)  # noqa: S311 - a reproducible load, not secrets
    prefix = f"{name}-{time.time_ns()}"
    total = int(pace.rate * (pace.warmup + pace.duration))
    first_measured = int(pace.rate * pace.warmup)
    in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)
    tasks: set[asyncio.Task[None]] = set()
    cpu_before: dict[str, float] = {}
    client_cpu_before = 0.0
    start = time.perf_counter()
    for seq in range(total):
        due = start + seq / pace.rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        elif delay < -LATE_SECONDS:
            recorder.behind_schedule += 1
        if seq == first_measured:
            cpu_before, client_cpu_before = cpu(), time.process_time()
        room = rng.choice(rooms)
        sender, recipient = (
            (room.student, room.teacher) if rng.random() < 0.5 else (room.teacher, room.student)
        )
        client_id = f"{prefix}-{seq}"
        measured = seq >= first_measured
        recorder.sent[client_id] = Sent(
            time.perf_counter(), recipient, sockets.home[recipient] != seq % 2, measured
        )
        await in_flight.acquire()
        task = asyncio.create_task(send(seq, room, sender, client_id, recorder, measured))
        tasks.add(task)
        task.add_done_callback(lambda done: (tasks.discard(done), in_flight.release()))
    window = time.perf_counter() - start - pace.warmup
    cpu_after, client_cpu = cpu(), time.process_time() - client_cpu_before
    await asyncio.gather(*tasks)
    for _ in range(int(GRACE_SECONDS / 0.05)):  # the last deliveries, polled
        if all(s.received_at or s.failed for s in recorder.sent.values() if s.measured):
            break
        await asyncio.sleep(0.05)
    used = {k: round((cpu_after[k] - cpu_before.get(k, 0)) / window * 100) for k in cpu_after}
    used["load client"] = round(client_cpu / window * 100)
    return recorder, {"window_seconds": round(window, 2), "cpu_percent": used}
