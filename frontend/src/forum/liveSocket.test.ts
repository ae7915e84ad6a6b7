import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { LiveSocket, PING_EVERY_MS, type SocketStatus } from "./liveSocket";
import { fakeSockets } from "./testing";
import type { ServerEvent } from "./types";

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, "random").mockReturnValue(0);
});

afterEach(() => {
  vi.useRealTimers();
});

function liveSocket(ticket: () => Promise<string>) {
  const { sockets, connect } = fakeSockets();
  const statuses: SocketStatus[] = [];
  const events: ServerEvent[] = [];
  const socket = new LiveSocket({
    url: "ws://thebot.test/api/v1/ws",
    ticket,
    connect,
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
  });
  return { socket, sockets, statuses, events };
}

test("pings while open, and reconnects with a new ticket after 1, 2, 4 s until stopped", async () => {
  let issued = 0;
  const { socket, sockets, statuses, events } = liveSocket(async () => `t${++issued}`);
  socket.start();
  await vi.advanceTimersByTimeAsync(0);
  expect(sockets.map((one) => one.url)).toEqual(["ws://thebot.test/api/v1/ws?ticket=t1"]);
  sockets[0]!.onopen?.(new Event("open"));
  sockets[0]!.onmessage?.(new MessageEvent("message", { data: '{"type":"ready","data":{"user_id":"u"}}' }));
  sockets[0]!.onmessage?.(new MessageEvent("message", { data: "not json" }));
  expect(events.map((event) => event.type)).toEqual(["ready"]);
  expect(statuses).toEqual(["connecting", "open"]);

  await vi.advanceTimersByTimeAsync(PING_EVERY_MS);
  expect(sockets[0]!.sent).toEqual([{ type: "ping" }]);

  sockets[0]!.onclose?.(new Event("close") as CloseEvent);
  expect(statuses.at(-1)).toBe("lost");
  await vi.advanceTimersByTimeAsync(999);
  expect(sockets).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(1);
  expect(sockets[1]!.url).toBe("ws://thebot.test/api/v1/ws?ticket=t2");

  sockets[1]!.onclose?.(new Event("close") as CloseEvent);
  await vi.advanceTimersByTimeAsync(1_999);
  expect(sockets).toHaveLength(2);
  await vi.advanceTimersByTimeAsync(1);
  expect(sockets).toHaveLength(3);

  sockets[2]!.onclose?.(new Event("close") as CloseEvent);
  await vi.advanceTimersByTimeAsync(4_000);
  expect(sockets).toHaveLength(4);

  socket.stop();
  // Still connecting: closed as soon as it opens (closing it earlier makes browsers log an error).
  expect(sockets[3]!.closed).toBe(false);
  sockets[3]!.onopen?.(new Event("open"));
  expect(sockets[3]!.closed).toBe(true);
  expect(statuses.at(-1)).toBe("off");
  await vi.advanceTimersByTimeAsync(60_000);
  expect(sockets).toHaveLength(4);
});

test("a refused ticket is asked for again later; a send before the socket opens is refused", async () => {
  const ticket = vi.fn().mockRejectedValueOnce(new Error("offline")).mockResolvedValue("t2");
  const { socket, sockets, statuses } = liveSocket(ticket);
  socket.start();
  await vi.advanceTimersByTimeAsync(0);
  expect(sockets).toHaveLength(0);
  expect(statuses).toEqual(["connecting", "lost"]);

  await vi.advanceTimersByTimeAsync(1_000);
  expect(sockets).toHaveLength(1);
  expect(socket.send("typing", { chat_id: "c" })).toBe(false);
  sockets[0]!.onopen?.(new Event("open"));
  expect(socket.send("typing", { chat_id: "c" })).toBe(true);
  expect(sockets[0]!.sent).toEqual([{ type: "typing", data: { chat_id: "c" } }]);
  socket.stop();
});
