import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launch, openPage, signIn } from "./browser";

// What the demo school (src/thebot/entrypoints/seeds/demo_school.py) shows each of them.
const DASHBOARDS = [
  {
    role: "student",
    account: "masha.ivanova",
    title: "Кабинет ученика",
    shows: ["Здравствуйте, Маша!", "Mathematics", "English", "Анна Смирнова", "Дроби: сложение и вычитание"],
  },
  {
    role: "teacher",
    account: "anna.smirnova",
    title: "Кабинет преподавателя",
    shows: ["Маша Иванова", "Jack Taylor", "Linear equations: practice set", "Математика: итоги трёх недель"],
  },
  {
    role: "tutor",
    account: "elena.kuznetsova",
    title: "Кабинет куратора",
    shows: ["Маша Иванова", "Петя Иванов", "Саша Морозова", "Петя: первые недели"],
  },
  {
    role: "parent",
    account: "olga.ivanova",
    title: "Кабинет родителя",
    shows: ["Маша Иванова", "Петя Иванов", "Дроби: сложение и вычитание", /12\s000,00\s₽/],
  },
] as const;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

for (const dashboard of DASHBOARDS) {
  test(`the ${dashboard.role} signs in and sees the demo school on the dashboard`, async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await signIn(page, dashboard.account);

      expect(new URL(page.url()).pathname).toBe(`/dashboard/${dashboard.role}`);
      await page.getByRole("heading", { level: 1, name: dashboard.title }).waitFor();
      for (const text of dashboard.shows) {
        await page.getByText(text).first().waitFor();
      }
      await page.screenshot({
        path: join(inject("artifacts"), `${dashboard.role}-dashboard.png`),
        fullPage: true,
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
}

test("a study plan on the dashboard opens its page", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    await signIn(page, "masha.ivanova");

    // The plan and a material share this title: the plan's link is the one into /study-plans.
    await page.locator('a[href^="/study-plans/"]', { hasText: "Дроби: сложение и вычитание" }).click();

    await page.waitForURL(/\/study-plans\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: "Дроби: сложение и вычитание" }).waitFor();
    await page.getByText("Пн: разбор домашней работы.", { exact: false }).waitFor();
    await page.getByText("Анна Смирнова").first().waitFor();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
