import { configure, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import type { components } from "../api/schema";
import { signedInAs as me, teacherUser } from "../test/accounts";
import { json, problem } from "../test/fakeServer";
import { ids, parentUser, studentUser } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { freezeTime, lesson, otherTeacher } from "./testData";

// Typing into forms is slow in jsdom, and slower while the whole suite runs side by side.
vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 5_000 });

type Lesson = components["schemas"]["LessonOut"];
type User = components["schemas"]["UserOut"];

beforeEach(freezeTime);
afterEach(() => vi.useRealTimers());

const id = ids.nextMath;
const path = `/api/v1/lessons/${id}`;
const history: components["schemas"]["HistoryOut"][] = [
  {
    id: "0190f3f4-0000-7000-8000-000000000036",
    action: "created",
    actor: { id: ids.anna, name: "Анна Смирнова" },
    at: "2026-11-20T09:00:00Z",
    changes: {
      description: [null, null],
      end_at: [null, "2026-11-30T14:30:00+00:00"],
      meeting_url: [null, "https://meet.example.org/math"],
      start_at: [null, "2026-11-30T13:00:00+00:00"],
    },
  },
  {
    id: "0190f3f4-0000-7000-8000-000000000037",
    action: "updated",
    actor: { id: ids.anna, name: "Анна Смирнова" },
    at: "2026-11-24T10:00:00Z",
    changes: { start_at: ["2026-11-30T12:00:00+00:00", "2026-11-30T13:00:00+00:00"] },
  },
];

function lessonPage(user: User, shown: Lesson) {
  let current = shown;
  return renderApp(null, {
    route: `/lessons/${id}`,
    routes: {
      ...me(user),
      [`GET ${path}`]: () => json(current),
      [`GET ${path}/history`]: () => json(history),
      [`PATCH ${path}`]: async (request) => {
        const body = (await request.json()) as { start_at: string; end_at: string };
        if (body.end_at < body.start_at) {
          return problem(400, "must be after start_at", {
            errors: [{ field: "end_at", message: "must be after start_at" }],
          });
        }
        current = lesson(id, body.start_at.slice(0, 16), 60, { meeting_url: shown.meeting_url });
        return json(current);
      },
      [`DELETE ${path}`]: () => {
        current = { ...current, status: "cancelled", cancel_reason: "Болезнь" };
        return new Response(null, { status: 204 });
      },
      [`POST ${path}/complete`]: () => {
        current = { ...current, status: "completed" };
        return json(current);
      },
    },
  });
}

const coming = lesson(id, "2026-11-30T16:00", 90, {
  description: "Дроби: повторение",
  meeting_url: "https://meet.example.org/math",
});

test("the lesson page shows every detail, the meeting link and the history", async () => {
  lessonPage(studentUser, coming);

  expect(await screen.findByRole("heading", { level: 1, name: "Занятие: Mathematics" })).toBeVisible();
  const facts = plain(document.querySelector(".lesson-facts")?.textContent);
  expect(facts).toContain("Когда30 нояб. 2026 г., 16:00–17:30 (90 мин)");
  expect(facts).toContain("Статусзапланировано");
  expect(facts).toContain("ПреподавательАнна Смирнова");
  expect(facts).toContain("УченикМаша Иванова");
  expect(screen.getByText("Дроби: повторение")).toBeVisible();
  const join = screen.getByRole("link", { name: /^Подключиться к занятию.*откроется в новом окне/ });
  expect(join).toHaveAttribute("href", "https://meet.example.org/math");
  expect(join).toHaveAttribute("target", "_blank");
  expect(screen.getByRole("link", { name: "← К расписанию" })).toHaveAttribute(
    "href",
    "/schedule?week=2026-11-30",
  );

  await screen.findByText(/Изменено/);
  const changes = plain(screen.getByRole("region", { name: "История изменений" }).textContent);
  expect(changes).toContain("Создано · Анна Смирнова · 20 нояб. 2026 г., 12:00");
  expect(changes).toContain("Начало: 30 нояб. 2026 г., 16:00");
  expect(changes).toContain("Изменено · Анна Смирнова · 24 нояб. 2026 г., 13:00");
  expect(changes).toContain("Начало: 30 нояб. 2026 г., 15:00 → 30 нояб. 2026 г., 16:00");
  expect(changes).not.toContain("Описание");
});

test.each([
  ["the student", studentUser],
  ["a parent", parentUser],
  ["another teacher", otherTeacher],
])("%s sees no actions", async (_, user) => {
  lessonPage(user, coming);

  await screen.findByRole("region", { name: "История изменений" });
  expect(screen.queryByRole("region", { name: "Управление занятием" })).toBeNull();
  expect(screen.queryByRole("button", { name: /Перенести|Отменить|проведённым/ })).toBeNull();
});

test("the owner moves the lesson: a wrong time is named by its field, a right one is saved", async () => {
  const { user, server } = lessonPage(teacherUser, coming);
  await user.click(await screen.findByRole("button", { name: "Перенести занятие" }));
  const form = screen.getByRole("form", { name: "Новое время занятия" });
  expect(within(form).getByLabelText("Дата")).toHaveFocus();
  expect(within(form).getByLabelText("Дата")).toHaveValue("2026-11-30");
  expect(within(form).getByLabelText("Начало")).toHaveValue("16:00");
  expect(within(form).getByLabelText("Окончание")).toHaveValue("17:30");

  await user.clear(within(form).getByLabelText("Окончание"));
  await user.type(within(form).getByLabelText("Окончание"), "15:00");
  await user.click(within(form).getByRole("button", { name: "Сохранить новое время" }));
  const end = within(form).getByLabelText("Окончание");
  await vi.waitFor(() => expect(end).toHaveAccessibleDescription("must be after start_at"));
  expect(end).toHaveFocus();

  await user.clear(within(form).getByLabelText("Начало"));
  await user.type(within(form).getByLabelText("Начало"), "18:00");
  await user.clear(end);
  await user.type(end, "19:00");
  await user.click(within(form).getByRole("button", { name: "Сохранить новое время" }));

  expect(await screen.findByText("Занятие перенесено.")).toBeVisible();
  expect(screen.getByRole("button", { name: "Перенести занятие" })).toHaveFocus();
  const patches = server.calls.filter((call) => call.method === "PATCH" && call.path === path);
  expect(patches.at(-1)?.body).toEqual({
    start_at: "2026-11-30T18:00:00+03:00",
    end_at: "2026-11-30T19:00:00+03:00",
  });
  await vi.waitFor(() => expect(document.querySelector(".lesson-facts")).toHaveTextContent(/18:00–19:00/));
});

test("the owner cancels the lesson after confirming, with a reason", async () => {
  const { user, server } = lessonPage(teacherUser, coming);
  await user.click(await screen.findByRole("button", { name: "Отменить занятие" }));

  const confirm = screen.getByRole("group", { name: /Отменить это занятие\?/ });
  expect(within(confirm).getByRole("button", { name: "Не отменять" })).toHaveFocus();
  expect(server.calls.some((call) => call.method === "DELETE")).toBe(false);
  await user.type(within(confirm).getByLabelText("Причина (необязательно)"), "Болезнь");
  await user.click(within(confirm).getByRole("button", { name: "Да, отменить занятие" }));

  expect(await screen.findByText("Занятие отменено.")).toBeVisible();
  const cancel = server.calls.find((call) => call.method === "DELETE");
  expect(cancel?.path).toBe(path);
  expect(new URLSearchParams(cancel?.search).get("reason")).toBe("Болезнь");
  await vi.waitFor(() => expect(document.querySelector(".lesson-facts")).toHaveTextContent("отменено"));
  expect(screen.queryByRole("button", { name: "Перенести занятие" })).toBeNull();
});

test("a refused cancellation says why, where the focus goes", async () => {
  const { user, server } = lessonPage(teacherUser, coming);
  server.on(`DELETE ${path}`, () =>
    problem(409, "A lesson can be cancelled only more than 2 hours before it starts."),
  );
  await user.click(await screen.findByRole("button", { name: "Отменить занятие" }));
  await user.click(screen.getByRole("button", { name: "Да, отменить занятие" }));

  const reason = await screen.findByText(
    "A lesson can be cancelled only more than 2 hours before it starts.",
  );
  await vi.waitFor(() => expect(reason.parentElement).toHaveFocus());
  expect(screen.getByRole("button", { name: "Перенести занятие" })).toBeVisible();
});

test("once the lesson has started its owner marks it completed", async () => {
  vi.setSystemTime(new Date("2026-11-30T13:10:00Z"));
  const { user, server } = lessonPage(teacherUser, coming);

  await user.click(await screen.findByRole("button", { name: "Отметить проведённым" }));

  expect(await screen.findByText("Занятие отмечено проведённым.")).toBeVisible();
  expect(server.calls.some((call) => call.method === "POST" && call.path === `${path}/complete`)).toBe(true);
  expect(screen.queryByRole("button", { name: "Перенести занятие" })).toBeNull();
  await vi.waitFor(() => expect(document.querySelector(".lesson-facts")).toHaveTextContent("проведено"));
});

test("a lesson one may not see reads as not found", async () => {
  renderApp(null, {
    route: `/lessons/${id}`,
    routes: { [`GET ${path}`]: () => problem(404, "Lesson not found.") },
  });

  expect(await screen.findByText("Занятие не найдено.")).toBeVisible();
});
