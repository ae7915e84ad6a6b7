import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { baseUrl, launch, openPage, PASSWORD } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

test("the language switch shows the app in English and keeps the choice", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    await page.goto(`${baseUrl()}/login`);
    await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("ru");

    await page.getByRole("button", { name: "English" }).click();

    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.getByLabel("Email").fill("emily.taylor@demo.thebot.local");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Student dashboard" }).waitFor();
    await page.getByRole("heading", { level: 2, name: "Weekly study plans" }).waitFor();
    await page.getByText("Essay week").first().waitFor();

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Student dashboard" }).waitFor();
    await page.getByRole("button", { name: "Русский" }).click();
    await page.getByRole("heading", { level: 1, name: "Кабинет ученика" }).waitFor();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
