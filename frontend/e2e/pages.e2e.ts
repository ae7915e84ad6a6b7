import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { baseUrl, launch, openPage, signIn } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

test("the office's home lists the school's accounts", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    await signIn(page, "admin");

    expect(new URL(page.url()).pathname).toBe("/admin");
    await page.getByRole("heading", { level: 1, name: "Пользователи школы" }).waitFor();
    await page.getByRole("rowheader", { name: "Ирина Соколова" }).waitFor();
    await page.getByRole("cell", { name: "sasha.morozova@demo.thebot.local" }).waitFor();
    await page.screenshot({ path: join(inject("artifacts"), "admin-home.png"), fullPage: true });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test("a deep link opens its page, an unknown one the app's own 404 page", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    await signIn(page, "emily.taylor");

    await page.goto(`${baseUrl()}/study-plans`);
    await page.getByRole("heading", { level: 1, name: "Учебные планы" }).waitFor();
    await page.getByRole("link", { name: "Essay week" }).waitFor();
    await page.goto(`${baseUrl()}/no/such/page`);
    await page.getByRole("heading", { level: 1, name: "Страница не найдена" }).waitFor();
    await page.getByRole("link", { name: "На главную" }).click();
    await page.getByRole("heading", { level: 1, name: "Кабинет ученика" }).waitFor();

    await page.getByRole("button", { name: "Выйти" }).click();
    await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor();
    await page.goto(`${baseUrl()}/dashboard/student`);
    await page.waitForURL((url) => url.pathname === "/login");
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
