import { configure, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { signedInAs as me } from "../test/accounts";
import { parentUser } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { calendarRoutes, freezeTime, lessonIds, lessonsBetween, weekLessons } from "./testData";

// Typing into forms is slow in jsdom, and slower while the whole suite runs side by side.
vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 5_000 });

beforeEach(freezeTime);
afterEach(() => vi.useRealTimers());

function schedule(route: string, routes = {}) {
  return renderApp(null, {
    route,
    routes: { "GET /api/v1/lessons": lessonsBetween(weekLessons), ...calendarRoutes(), ...routes },
  });
}

function lessonRequests(server: ReturnType<typeof schedule>["server"]) {
  return server.calls
    .filter((call) => call.path === "/api/v1/lessons")
    .map((call) => new URLSearchParams(call.search));
}

/** The week's heading, whatever spaces Intl put in the dates. */
function week(text: string) {
  return (name: string) => plain(name) === text;
}

function day(date: string): HTMLElement {
  return document.querySelector(`[data-day="${date}"]`) as HTMLElement;
}

test("the week view shows Monday to Sunday with the week's lessons, today marked", async () => {
  const { server } = schedule("/schedule");

  expect(await screen.findByRole("heading", { name: week("Неделя: 23–29 нояб. 2026 г.") })).toBeVisible();
  await screen.findByRole("link", { name: "17:00–18:00 English" });
  const days = screen.getAllByRole("heading", { level: 3 }).map((heading) => heading.textContent);
  expect(days).toEqual([
    "понедельник, 23 ноября",
    "вторник, 24 ноября",
    "среда, 25 ноября · сегодня",
    "четверг, 26 ноября",
    "пятница, 27 ноября",
    "суббота, 28 ноября",
    "воскресенье, 29 ноября",
  ]);
  expect(screen.getByRole("heading", { name: /среда/ })).toHaveAttribute("aria-current", "date");

  const monday = within(day("2026-11-23"));
  expect(monday.getByRole("link", { name: "16:00–17:00 Mathematics" })).toHaveAttribute(
    "href",
    `/lessons/${lessonIds.monday}`,
  );
  // A student sees the teacher; the status is words.
  expect(day("2026-11-23")).toHaveTextContent("Преподаватель: Анна Смирнова");
  expect(day("2026-11-23")).toHaveTextContent("запланировано");
  expect(within(day("2026-11-25")).getByRole("link")).toHaveTextContent("17:00–18:00 English");
  const cancelled = within(day("2026-11-26")).getByRole("link", { name: "16:00–17:00 Mathematics" });
  expect(cancelled).toHaveClass("cancelled");
  expect(day("2026-11-26")).toHaveTextContent("отменено");
  expect(day("2026-11-24")).toHaveTextContent("Занятий нет");
  // The next week's lesson is not asked for, and so not shown.
  expect(screen.queryByText(/17:30/)).toBeNull();

  const [query] = lessonRequests(server);
  expect(query?.get("from")).toBe("2026-11-23T00:00:00+03:00");
  expect(query?.get("to")).toBe("2026-11-30T00:00:00+03:00");
});

test("week navigation asks for another week and keeps it in the URL, with the focus", async () => {
  const { user, server } = schedule("/schedule");
  await screen.findByRole("link", { name: "17:00–18:00 English" });

  const next = screen.getByRole("button", { name: "Следующая неделя" });
  await user.click(next);

  expect(
    await screen.findByRole("heading", { name: week("Неделя: 30 нояб. – 6 дек. 2026 г.") }),
  ).toBeVisible();
  expect(await screen.findByRole("link", { name: "16:00–17:30 Mathematics" })).toBeVisible();
  expect(next).toHaveFocus();
  expect(lessonRequests(server).at(-1)?.get("from")).toBe("2026-11-30T00:00:00+03:00");
  expect(lessonRequests(server).at(-1)?.get("to")).toBe("2026-12-07T00:00:00+03:00");
  expect(screen.queryByRole("heading", { name: /сегодня/ })).toBeNull();

  await user.click(screen.getByRole("button", { name: "Предыдущая неделя" }));
  await user.click(screen.getByRole("button", { name: "Предыдущая неделя" }));
  expect(await screen.findByRole("heading", { name: week("Неделя: 16–22 нояб. 2026 г.") })).toBeVisible();
  expect(await screen.findByText("Занятий нет", { selector: "[data-day='2026-11-16'] p" })).toBeVisible();
  expect(lessonRequests(server).at(-1)?.get("from")).toBe("2026-11-16T00:00:00+03:00");

  await user.click(screen.getByRole("button", { name: "Эта неделя" }));
  expect(await screen.findByRole("heading", { name: week("Неделя: 23–29 нояб. 2026 г.") })).toBeVisible();
});

test("the list view groups the lessons by day, and a parent sees the student's name", async () => {
  const { user, server } = schedule("/schedule?view=list&week=2026-11-26", me(parentUser));

  // Any day of the week names the week.
  expect(await screen.findByRole("heading", { name: week("Неделя: 23–29 нояб. 2026 г.") })).toBeVisible();
  await screen.findByRole("link", { name: "17:00–18:00 English" });
  expect(screen.getByRole("button", { name: "Список" })).toHaveAttribute("aria-pressed", "true");
  const days = screen.getAllByRole("heading", { level: 3 }).map((heading) => heading.textContent);
  expect(days).toEqual(["понедельник, 23 ноября", "среда, 25 ноября · сегодня", "четверг, 26 ноября"]);
  expect(day("2026-11-25")).toHaveTextContent("Ученик: Маша Иванова · Преподаватель: Oliver Brown");
  expect(lessonRequests(server)[0]?.get("from")).toBe("2026-11-23T00:00:00+03:00");

  await user.click(screen.getByRole("button", { name: "Неделя" }));
  expect(screen.getByRole("button", { name: "Неделя" })).toHaveAttribute("aria-pressed", "true");
  expect(screen.getAllByRole("heading", { level: 3 })).toHaveLength(7);
});

test("the arrow keys move between days and within a day", async () => {
  const { user } = schedule("/schedule");
  await screen.findByRole("link", { name: "17:00–18:00 English" });
  within(day("2026-11-23")).getByRole("link").focus();

  await user.keyboard("{ArrowRight}");
  expect(screen.getByRole("heading", { name: "вторник, 24 ноября" })).toHaveFocus();
  await user.keyboard("{ArrowRight}");
  expect(screen.getByRole("heading", { name: "среда, 25 ноября · сегодня" })).toHaveFocus();
  await user.keyboard("{ArrowDown}");
  expect(within(day("2026-11-25")).getByRole("link")).toHaveFocus();
  await user.keyboard("{ArrowLeft}");
  // Tuesday has no lessons: its heading is the nearest stop.
  expect(screen.getByRole("heading", { name: "вторник, 24 ноября" })).toHaveFocus();
  await user.keyboard("{ArrowLeft}");
  expect(within(day("2026-11-23")).getByRole("heading")).toHaveFocus();
  await user.keyboard("{ArrowDown}{ArrowRight}");
  expect(screen.getByRole("heading", { name: "вторник, 24 ноября" })).toHaveFocus();
});

test("an empty week says so", async () => {
  schedule("/schedule?view=list", { "GET /api/v1/lessons": lessonsBetween([]) });

  expect(await screen.findByText("На этой неделе занятий нет.")).toBeVisible();
});

test("the schedule speaks English when asked to", async () => {
  renderApp(null, {
    route: "/schedule?view=list",
    lang: "en",
    routes: { "GET /api/v1/lessons": lessonsBetween(weekLessons), ...calendarRoutes() },
  });

  expect(await screen.findByRole("heading", { level: 1, name: "Schedule" })).toBeVisible();
  expect(await screen.findByRole("heading", { name: "Wednesday 25 November · today" })).toBeVisible();
  expect(screen.getByRole("button", { name: "Next week" })).toBeVisible();
  expect(day("2026-11-26")).toHaveTextContent("cancelled");
  expect(screen.getByRole("region", { name: "Calendar" })).toBeVisible();
});
