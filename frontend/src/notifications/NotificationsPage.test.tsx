import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import type { components } from "../api/schema";
import { json } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { renderApp } from "../test/render";

type Notification = components["schemas"]["NotificationOut"];

const lessonNotice: Notification = {
  id: ids.lessonNotice,
  kind: "lesson_created",
  title: "New lesson: English",
  body: "27 November 17:00 to 18:00 with Oliver Brown",
  link: `/lessons/${ids.lesson}`,
  url: `http://thebot.test/lessons/${ids.lesson}`,
  created_at: "2026-11-22T10:00:00Z",
  read_at: null,
  is_read: false,
};
const planNotice: Notification = {
  ...lessonNotice,
  id: ids.planNotice,
  kind: "study_plan_sent",
  title: "Study plan for Маша Иванова: Mathematics",
  body: "",
  link: `/study-plans/${ids.plan}`,
  url: `http://thebot.test/study-plans/${ids.plan}`,
  read_at: "2026-11-23T08:00:00Z",
  is_read: true,
};

function centre() {
  const state = { notices: [lessonNotice, planNotice] };
  const unread = () => state.notices.filter((notice) => !notice.is_read).length;
  const rendered = renderApp(null, {
    route: "/notifications",
    routes: {
      "GET /api/v1/notifications": (request) => {
        const onlyUnread = new URL(request.url).searchParams.get("unread") === "true";
        const items = state.notices.filter((notice) => !onlyUnread || !notice.is_read);
        return json({ items, total: items.length, limit: 20, offset: 0, unread_count: unread() });
      },
      [`POST /api/v1/notifications/${ids.lessonNotice}/read`]: () => {
        state.notices = state.notices.map((notice) =>
          notice.id === ids.lessonNotice
            ? { ...notice, is_read: true, read_at: "2026-11-26T06:00:00Z" }
            : notice,
        );
        return json(state.notices[0]);
      },
      "GET /api/v1/notifications/preferences": () =>
        json({
          kinds: [
            { kind: "lesson_created", enabled: true },
            { kind: "chat_message", enabled: true },
          ],
        }),
      "PUT /api/v1/notifications/preferences": async (request) => json(await request.json()),
    },
  });
  return rendered;
}

test("marking a notification read updates the item, the count and the header's badge", async () => {
  const { user, server } = centre();
  const list = await screen.findByRole("list", { name: "Уведомления" });
  expect(await screen.findByTestId("unread-badge")).toHaveAttribute("data-count", "1");
  const lesson = within(list).getByText("New lesson: English").closest("li") as HTMLElement;
  expect(lesson).toHaveAttribute("data-id", ids.lessonNotice);
  // Pages of this app are links: the lesson's and the study plan's.
  expect(within(lesson).getByRole("link", { name: "New lesson: English" })).toHaveAttribute(
    "href",
    `/lessons/${ids.lesson}`,
  );
  expect(
    within(list).getByRole("link", { name: "Study plan for Маша Иванова: Mathematics" }),
  ).toHaveAttribute("href", `/study-plans/${ids.plan}`);

  await user.click(within(lesson).getByRole("button", { name: "Отметить прочитанным: New lesson: English" }));

  expect(await screen.findByText("Непрочитанных: 0")).toBeInTheDocument();
  expect(within(lesson).queryByRole("button")).toBeNull();
  expect(screen.queryByTestId("unread-badge")).toBeNull();
  const marked = server.calls.filter((call) => call.method === "POST");
  expect(marked.map((call) => call.path)).toEqual([`/api/v1/notifications/${ids.lessonNotice}/read`]);
  expect(marked[0]?.authorization).toBe("Bearer access-1");
});

test("the unread filter asks the server for unread ones only", async () => {
  const { user, server } = centre();
  await screen.findByRole("list", { name: "Уведомления" });

  await user.click(screen.getByLabelText("Только непрочитанные"));

  expect(await screen.findByText("New lesson: English")).toBeInTheDocument();
  expect(screen.queryByText("Study plan for Маша Иванова: Mathematics")).toBeNull();
  expect(
    server.calls.some((call) => call.search.includes("unread=true") && call.search.includes("limit=20")),
  ).toBe(true);
});

test("preferences switch a kind off and save every kind", async () => {
  const { user, server } = centre();
  const chat = await screen.findByRole("checkbox", { name: "Сообщение в чате" });

  await user.click(chat);
  await user.click(screen.getByRole("button", { name: "Сохранить настройки" }));

  expect(await screen.findByText("Настройки сохранены.")).toBeInTheDocument();
  expect(server.calls.find((call) => call.method === "PUT")?.body).toEqual({
    kinds: [
      { kind: "lesson_created", enabled: true },
      { kind: "chat_message", enabled: false },
    ],
  });
  expect(screen.getByRole("checkbox", { name: "Сообщение в чате" })).not.toBeChecked();
});
