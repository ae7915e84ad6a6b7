import { configure, screen, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { renderApp } from "../test/render";
import { calendarRoutes, lessonsBetween } from "./testData";

// Typing into forms is slow in jsdom, and slower while the whole suite runs side by side.
vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 5_000 });

function schedule() {
  return renderApp(null, {
    route: "/schedule",
    routes: { "GET /api/v1/lessons": lessonsBetween([]), ...calendarRoutes() },
  });
}

test("the calendar feed URL is shown read-only and copied", async () => {
  const { user } = schedule();
  const section = await screen.findByRole("region", { name: "Календарь" });

  const url = await within(section).findByLabelText("Ссылка на ваш календарь");
  expect(url).toHaveValue("http://thebot.test/api/v1/calendar.ics?token=first");
  expect(url).toHaveAttribute("readonly");
  await user.click(within(section).getByRole("button", { name: "Скопировать ссылку" }));

  expect(await within(section).findByText("Ссылка скопирована.")).toBeVisible();
  expect(await navigator.clipboard.readText()).toBe("http://thebot.test/api/v1/calendar.ics?token=first");
});

test("a new calendar URL is issued only after confirming, and replaces the old one", async () => {
  const { user, server } = schedule();
  const section = await screen.findByRole("region", { name: "Календарь" });
  await within(section).findByDisplayValue(/token=first/);
  const rotate = within(section).getByRole("button", { name: "Выпустить новую ссылку" });

  await user.click(rotate);
  expect(within(section).getByRole("button", { name: "Оставить старую" })).toHaveFocus();
  await user.click(within(section).getByRole("button", { name: "Оставить старую" }));
  expect(rotate).toHaveFocus();
  expect(server.calls.some((call) => call.method === "POST")).toBe(false);

  await user.click(rotate);
  expect(within(section).getByRole("group")).toHaveTextContent("Старая сразу перестанет работать");
  await user.click(within(section).getByRole("button", { name: "Да, выпустить новую" }));

  expect(await within(section).findByText(/Новая ссылка выпущена/)).toBeVisible();
  expect(within(section).getByLabelText("Ссылка на ваш календарь")).toHaveValue(
    "http://thebot.test/api/v1/calendar.ics?token=second",
  );
  expect(server.calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([
    "/api/v1/calendar/rotate",
  ]);
});
