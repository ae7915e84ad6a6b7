import { screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { json } from "../test/fakeServer";
import { UnreadMessagesBlock } from "../dashboards/blocks/Inbox";
import { studentDashboard } from "../test/fixtures";
import { renderApp } from "../test/render";
import { appPathOf } from "../notifications/links";
import { chatIds, forumRoutes, message, messagesPath } from "./testing";

function item(list: HTMLElement, title: string): HTMLElement {
  return within(list).getByRole("link", { name: title }).closest("li") as HTMLElement;
}

test("the list shows each chat's kind, last message, unread badge and archive mark; the header the total", async () => {
  renderApp(null, { route: "/chats", routes: forumRoutes() });

  const list = await screen.findByRole("list", { name: "Чаты" });
  expect(screen.getByRole("heading", { level: 1, name: "Сообщения" })).toBeInTheDocument();
  const math = item(list, "Mathematics — Маша Иванова ↔ Анна Смирнова");
  expect(math).toHaveAttribute("data-id", chatIds.math);
  expect(within(math).getByText("Непрочитанных: 2")).toBeInTheDocument();
  expect(math).toHaveTextContent("чат с преподавателем");
  expect(math).toHaveTextContent("Анна Смирнова: Конечно, пиши — разберём вместе.");
  const english = item(list, "English — Маша Иванова ↔ Oliver Brown");
  expect(english).toHaveTextContent("Сообщений пока нет.");
  expect(within(english).queryByText(/Непрочитанных/)).toBeNull();
  expect(item(list, "Physics — Маша Иванова ↔ Oliver Brown")).toHaveTextContent("в архиве");
  expect(screen.getByText("Выберите чат в списке.")).toBeInTheDocument();

  const nav = screen.getByRole("navigation", { name: "Основная навигация" });
  const forumLink = within(nav).getByRole("link", { name: /^Сообщения/ });
  expect(forumLink).toHaveAttribute("href", "/chats");
  expect(forumLink).toHaveAccessibleName("Сообщения Непрочитанных сообщений: 2");
});

test("opening a chat highlights it, shows the newest message and marks the chat read", async () => {
  const { server } = renderApp(null, {
    route: `/chats/${chatIds.math}`,
    routes: {
      ...forumRoutes(),
      [messagesPath()]: () => json({ items: [message(10), message(9)], next_before: null, next_after: null }),
    },
  });

  const log = await screen.findByRole("log", { name: "История сообщений" });
  expect(log).toHaveAttribute("aria-live", "polite");
  expect(await within(log).findByText("Сообщение 10")).toBeInTheDocument();
  const list = screen.getByRole("list", { name: "Чаты" });
  expect(within(list).getByRole("link", { name: /^Mathematics/ })).toHaveAttribute("aria-current", "page");
  expect(screen.getByRole("heading", { level: 2, name: /^Mathematics/ })).toBeInTheDocument();

  await waitFor(() => expect(screen.queryByText("Непрочитанных: 2")).toBeNull());
  expect(screen.queryByText(/Непрочитанных сообщений/)).toBeNull();
  const reads = server.calls.filter((call) => call.path.endsWith("/read"));
  expect(reads).toHaveLength(1);
  expect(reads[0]?.body).toEqual({ up_to_message_id: 10 });
});

test("an archived chat can be read but has no composer", async () => {
  renderApp(null, {
    route: `/chats/${chatIds.old}`,
    routes: {
      ...forumRoutes(),
      [messagesPath(chatIds.old)]: () =>
        json({ items: [message(3, { chat_id: chatIds.old })], next_before: null, next_after: null }),
      [`POST /api/v1/forum/chats/${chatIds.old}/read`]: () =>
        json({ chat_id: chatIds.old, last_read_message_id: 3, unread_count: 0 }),
    },
  });

  expect(await screen.findByText("Сообщение 3")).toBeInTheDocument();
  expect(
    await screen.findByText("Чат в архиве: его можно читать, но писать в него нельзя."),
  ).toBeInTheDocument();
  expect(screen.queryByLabelText("Новое сообщение")).toBeNull();
  expect(screen.queryByRole("button", { name: "Ответить" })).toBeNull();
});

test("a chat the platform does not know is reported as not found", async () => {
  renderApp(null, { route: `/chats/${chatIds.english}`, routes: forumRoutes() });

  expect(await screen.findByText("Чат не найден.")).toBeInTheDocument();
});

test("the dashboard's unread chats link to their chat", () => {
  renderApp(<UnreadMessagesBlock unread={studentDashboard.unread_messages} />);

  expect(screen.getByRole("link", { name: "Mathematics — Маша Иванова ↔ Анна Смирнова" })).toHaveAttribute(
    "href",
    `/chats/${chatIds.math}`,
  );
});

test("notifications may link to the chat list and to a chat", () => {
  expect(appPathOf("/chats")).toBe("/chats");
  expect(appPathOf(`/chats/${chatIds.math}`)).toBe(`/chats/${chatIds.math}`);
  expect(appPathOf("/chats/not-a-chat")).toBeNull();
});
