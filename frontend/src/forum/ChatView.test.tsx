import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { json, problem, type Handler } from "../test/fakeServer";
import { renderApp } from "../test/render";
import { chatIds, forumRoutes, message, messagesPath, own } from "./testing";
import type { Message } from "./types";

const SEND = `POST /api/v1/forum/chats/${chatIds.math}/messages`;

function openChat(items: Message[], routes: Record<string, Handler> = {}) {
  return renderApp(null, {
    route: `/chats/${chatIds.math}`,
    routes: {
      ...forumRoutes(),
      [messagesPath()]: () => json({ items: [...items].reverse(), next_before: null, next_after: null }),
      ...routes,
    },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** An IntersectionObserver the test drives: `show(element)` scrolls it into view. */
function stubObserver() {
  const watching = new Map<Element, (entries: { isIntersecting: boolean }[]) => void>();
  class Observer {
    private readonly targets: Element[] = [];
    constructor(private readonly callback: (entries: { isIntersecting: boolean }[]) => void) {}
    observe(target: Element) {
      this.targets.push(target);
      watching.set(target, this.callback);
    }
    disconnect() {
      for (const target of this.targets) if (watching.get(target) === this.callback) watching.delete(target);
    }
  }
  vi.stubGlobal("IntersectionObserver", Observer);
  return {
    show: (element: Element) => act(() => watching.get(element)?.([{ isIntersecting: true }])),
  };
}

function messageItem(text: string): HTMLElement {
  return screen.getByText(text).closest("li") as HTMLElement;
}

test("sending: the button waits for text, Enter sends, and a retry reuses the client id", async () => {
  let attempts = 0;
  const { user, server } = openChat([message(10)], {
    [SEND]: async (request) => {
      attempts += 1;
      if (attempts === 1) return problem(503, "The database is busy.");
      const body = (await request.json()) as { content: string; client_id: string };
      return json(own(11, 0, { content: body.content, client_id: body.client_id }), 201);
    },
  });
  const box = await screen.findByLabelText("Новое сообщение");
  const send = screen.getByRole("button", { name: "Отправить" });
  expect(send).toBeDisabled();

  await user.type(box, "Можно вопрос?{Shift>}{Enter}{/Shift}По задаче 7");
  expect(box).toHaveValue("Можно вопрос?\nПо задаче 7");
  expect(send).toBeEnabled();
  await user.keyboard("{Enter}");

  expect(await screen.findByRole("alert")).toHaveTextContent("Не удалось отправить");
  expect(box).toHaveValue("Можно вопрос?\nПо задаче 7");
  await user.click(screen.getByRole("button", { name: "Отправить" }));

  const log = screen.getByRole("log");
  await waitFor(() => expect(within(log).getByText(/По задаче 7/)).toBeInTheDocument());
  expect(box).toHaveValue("");
  const sends = server.calls.filter((call) => call.method === "POST" && call.path.endsWith("/messages"));
  expect(sends).toHaveLength(2);
  const [first, second] = sends.map((call) => call.body as Record<string, unknown>);
  expect(first).toEqual({
    content: "Можно вопрос?\nПо задаче 7",
    reply_to_id: null,
    client_id: first?.client_id,
  });
  expect(first?.client_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(second?.client_id).toBe(first?.client_id);
  expect(screen.queryByRole("alert")).toBeNull();
});

test("a reply quotes the chosen message, can be cancelled, and is sent with reply_to_id", async () => {
  const { user, server } = openChat([message(9, { content: "Реши задачу 7." }), message(10)], {
    [SEND]: async (request) => {
      const body = (await request.json()) as { content: string };
      const reply_to = { id: 9, sender_name: "Анна Смирнова", excerpt: "Реши задачу 7.", is_deleted: false };
      return json(own(11, 0, { content: body.content, reply_to }), 201);
    },
  });
  await screen.findByText("Реши задачу 7.");

  await user.click(within(messageItem("Сообщение 10")).getByRole("button", { name: "Ответить" }));
  expect(screen.getByText(/^Ответ на сообщение: Анна Смирнова/)).toHaveTextContent("Сообщение 10");
  await user.click(screen.getByRole("button", { name: "Отменить ответ" }));
  expect(screen.queryByText(/^Ответ на сообщение:/)).toBeNull();

  await user.click(within(messageItem("Реши задачу 7.")).getByRole("button", { name: "Ответить" }));
  expect(screen.getByLabelText("Новое сообщение")).toHaveFocus();
  await user.keyboard("Готово!{Enter}");

  const sent = await screen.findByText("Готово!");
  const quote = within(sent.closest("li") as HTMLElement)
    .getByText(/В ответ на сообщение/)
    .closest("blockquote");
  expect(quote).toHaveTextContent("Анна Смирнова: Реши задачу 7.");
  expect(
    server.calls.find((call) => call.method === "POST" && call.path.endsWith("/messages"))?.body,
  ).toMatchObject({ content: "Готово!", reply_to_id: 9 });
  expect(screen.queryByRole("button", { name: "Отменить ответ" })).toBeNull();
});

test("only one's own recent messages offer edit and delete; both reach the platform", async () => {
  const path = `/api/v1/forum/chats/${chatIds.math}/messages/12`;
  const { user, server } = openChat(
    [
      message(10, { content: "От Анны" }),
      own(11, 30, { content: "Давнее моё" }),
      own(12, 1, { content: "Моё" }),
    ],
    {
      [`PATCH ${path}`]: async (request) => {
        const body = (await request.json()) as { content: string };
        return json(own(12, 1, { content: body.content, edited_at: new Date().toISOString() }));
      },
      [`DELETE ${path}`]: () => new Response(null, { status: 204 }),
    },
  );
  await screen.findByText("Моё");
  for (const text of ["От Анны", "Давнее моё"]) {
    expect(within(messageItem(text)).queryByRole("button", { name: "Изменить" })).toBeNull();
    expect(within(messageItem(text)).queryByRole("button", { name: "Удалить" })).toBeNull();
  }

  await user.click(within(messageItem("Моё")).getByRole("button", { name: "Изменить" }));
  const box = screen.getByLabelText("Текст сообщения");
  await user.clear(box);
  await user.type(box, "Моё, исправленное");
  await user.click(screen.getByRole("button", { name: "Сохранить" }));
  const edited = await screen.findByText("Моё, исправленное");
  expect(edited.closest("li")).toHaveTextContent("изменено");
  expect(server.calls.find((call) => call.method === "PATCH")?.body).toEqual({
    content: "Моё, исправленное",
  });

  await user.click(within(messageItem("Моё, исправленное")).getByRole("button", { name: "Удалить" }));
  await user.click(screen.getByRole("button", { name: "Да, удалить" }));

  expect(await screen.findByText("Сообщение удалено")).toBeInTheDocument();
  expect(screen.queryByText("Моё, исправленное")).toBeNull();
  expect(server.calls.filter((call) => call.method === "DELETE").map((call) => call.path)).toEqual([path]);
});

test("a refusal of the platform is shown next to the message", async () => {
  const { user } = openChat([own(12, 1, { content: "Моё" })], {
    [`PATCH /api/v1/forum/chats/${chatIds.math}/messages/12`]: () =>
      problem(409, "A message can be edited only within 15 minutes."),
  });
  await screen.findByText("Моё");

  await user.click(screen.getByRole("button", { name: "Изменить" }));
  await user.type(screen.getByLabelText("Текст сообщения"), "!");
  await user.click(screen.getByRole("button", { name: "Сохранить" }));

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("A message can be edited only within 15 minutes.");
  expect(alert.closest("li")).toHaveAttribute("data-id", "12");
});

test("older messages are loaded on demand and shown above, oldest first", async () => {
  const { user, server } = openChat([], {
    [messagesPath()]: (request) =>
      new URL(request.url).searchParams.get("before") === "9"
        ? json({ items: [message(8), message(7)], next_before: null, next_after: null })
        : json({ items: [message(10), message(9)], next_before: 9, next_after: null }),
  });
  await screen.findByText("Сообщение 10");
  expect(screen.queryByText("Сообщение 8")).toBeNull();

  await user.click(screen.getByRole("button", { name: "Показать раньше" }));

  await screen.findByText("Сообщение 8");
  const texts = within(screen.getByRole("log"))
    .getAllByText(/^Сообщение \d+$/)
    .map((element) => element.textContent);
  expect(texts).toEqual(["Сообщение 7", "Сообщение 8", "Сообщение 9", "Сообщение 10"]);
  expect(screen.getByText("Это начало переписки.")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Показать раньше" })).toBeNull();
  const pages = server.calls.filter((call) => call.path.endsWith("/messages")).map((call) => call.search);
  expect(pages).toEqual(["?limit=30", "?before=9&limit=30"]);
});

test("scrolling to the top loads older messages, and reaching the newest marks the chat read", async () => {
  const observer = stubObserver();
  const { server } = openChat([], {
    [messagesPath()]: (request) =>
      new URL(request.url).searchParams.get("before") === "9"
        ? json({ items: [message(8)], next_before: null, next_after: null })
        : json({ items: [message(10), message(9)], next_before: 9, next_after: null }),
  });
  await screen.findByText("Сообщение 10");
  const [top, , , bottom] = within(screen.getByRole("log")).getAllByRole("listitem", { hidden: true });
  expect(server.calls.some((call) => call.path.endsWith("/read"))).toBe(false);

  observer.show(top!);
  expect(await screen.findByText("Сообщение 8")).toBeInTheDocument();
  observer.show(bottom!);

  await waitFor(() => expect(server.calls.filter((call) => call.path.endsWith("/read"))).toHaveLength(1));
  expect(server.calls.find((call) => call.path.endsWith("/read"))?.body).toEqual({ up_to_message_id: 10 });
});
