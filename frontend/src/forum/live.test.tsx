import { screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { json } from "../test/fakeServer";
import { anna, chatIds, message, messagesPath, renderLive } from "./testing";

function unreadOf(title: RegExp): string | null {
  const list = screen.getByRole("list", { name: "Чаты" });
  const item = within(list).getByRole("link", { name: title }).closest("li") as HTMLElement;
  return item.querySelector(".badge")?.getAttribute("data-count") ?? null;
}

test("a message from the socket appears in the open chat and bumps another chat's unread count", async () => {
  const { sockets } = renderLive(`/chats/${chatIds.math}`, {
    [messagesPath()]: () => json({ items: [message(10)], next_before: null, next_after: null }),
  });
  await screen.findByText("Сообщение 10");
  await waitFor(() => expect(sockets).toHaveLength(1));
  const socket = sockets[0]!;
  expect(socket.url).toBe("ws://thebot.test/api/v1/ws?ticket=ticket-1");
  socket.accept();

  socket.deliver("typing", { chat_id: chatIds.math, user_id: anna.id, name: anna.name });
  expect(screen.getByText("Анна Смирнова печатает…")).toBeInTheDocument();
  socket.deliver("message.created", message(11, { content: "Живое сообщение" }));

  const log = screen.getByRole("log");
  expect(within(log).getByText("Живое сообщение")).toBeInTheDocument();
  expect(screen.queryByText("Анна Смирнова печатает…")).toBeNull();
  // The same event twice (another tab's echo, a catch-up) shows the message once.
  socket.deliver("message.created", message(11, { content: "Живое сообщение" }));
  expect(within(log).getAllByText("Живое сообщение")).toHaveLength(1);

  socket.deliver("message.created", message(12, { chat_id: chatIds.english, content: "Hello, Masha!" }));
  await waitFor(() => expect(unreadOf(/^English/)).toBe("1"));
  expect(screen.getByRole("list", { name: "Чаты" })).toHaveTextContent("Анна Смирнова: Hello, Masha!");
  expect(screen.getByRole("link", { name: /^Сообщения Непрочитанных сообщений: 1$/ })).toBeInTheDocument();

  socket.deliver("message.updated", message(11, { content: "", deleted_at: new Date().toISOString() }));
  expect(within(log).queryByText("Живое сообщение")).toBeNull();
  expect(within(log).getByText("Сообщение удалено")).toBeInTheDocument();
});

test("typing is signalled at most every three seconds", async () => {
  const { sockets, user } = renderLive(`/chats/${chatIds.math}`, {
    [messagesPath()]: () => json({ items: [message(10)], next_before: null, next_after: null }),
  });
  const box = await screen.findByLabelText("Новое сообщение");
  await waitFor(() => expect(sockets).toHaveLength(1));
  sockets[0]!.accept();

  await user.type(box, "Добрый день");

  expect(sockets[0]!.sent.filter((frame) => frame.type === "typing")).toEqual([
    { type: "typing", data: { chat_id: chatIds.math } },
  ]);
});

test("after a lost connection: a status, a new ticket, and the missed messages fetched with after", async () => {
  let missed = false;
  const { sockets, server } = renderLive(`/chats/${chatIds.math}`, {
    [messagesPath()]: (request) => {
      const after = new URL(request.url).searchParams.get("after");
      if (after === null) return json({ items: [message(10)], next_before: null, next_after: null });
      // Each socket's "ready" asks; nothing was missed until the connection broke.
      if (!missed) return json({ items: [], next_before: null, next_after: null });
      // Two pages of what came while away, oldest first.
      if (after === "10")
        return json({ items: [message(11), message(12)], next_before: null, next_after: 12 });
      return json({
        items: [message(13, { content: "Пока вас не было" })],
        next_before: null,
        next_after: null,
      });
    },
  });
  await screen.findByText("Сообщение 10");
  await waitFor(() => expect(sockets).toHaveLength(1));
  sockets[0]!.accept();

  sockets[0]!.drop();
  expect(await screen.findByText("Связь потеряна, переподключаемся…")).toBeInTheDocument();
  await waitFor(() => expect(sockets).toHaveLength(2), { timeout: 3_000 });
  expect(sockets[1]!.url).toBe("ws://thebot.test/api/v1/ws?ticket=ticket-2");
  missed = true;
  sockets[1]!.accept();

  expect(await screen.findByText("Пока вас не было")).toBeInTheDocument();
  const log = screen.getByRole("log");
  expect(
    within(log)
      .getAllByText(/^Сообщение 1[0-2]$/)
      .map((element) => element.textContent),
  ).toEqual(["Сообщение 10", "Сообщение 11", "Сообщение 12"]);
  // The event of a message the catch-up brought already changes nothing.
  sockets[1]!.deliver("message.created", message(13, { content: "Пока вас не было" }));
  expect(within(log).getAllByText("Пока вас не было")).toHaveLength(1);
  expect(screen.queryByText("Связь потеряна, переподключаемся…")).toBeNull();
  const tickets = server.calls.filter((call) => call.path === "/api/v1/ws/ticket");
  expect(tickets).toHaveLength(2);
  const catchUp = server.calls.filter((call) => call.search.includes("after=")).map((call) => call.search);
  expect(catchUp).toEqual(["?after=10&limit=100", "?after=10&limit=100", "?after=12&limit=100"]);
});

test("signing out closes the socket", async () => {
  const { sockets, user } = renderLive("/chats", { "POST /api/v1/auth/logout": () => json({}) });
  await screen.findByRole("list", { name: "Чаты" });
  await waitFor(() => expect(sockets).toHaveLength(1));
  sockets[0]!.accept();

  await user.click(screen.getByRole("button", { name: "Выйти" }));

  await waitFor(() => expect(sockets[0]!.closed).toBe(true));
  expect(sockets).toHaveLength(1);
});
