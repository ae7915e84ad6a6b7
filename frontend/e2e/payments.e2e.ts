import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launch, openPage, signIn } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

// The demo parent Ольга owes Маша's English (9 600 ₽, never paid); Mathematics is paid.
test("a parent sees a child's progress, pays through the development gateway and comes back to a paid status", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    await signIn(page, "olga.ivanova");
    const child = page.locator("article.person").filter({ hasText: "Маша Иванова" }).first();
    await child.getByText("Средний прогресс").waitFor();
    expect(await child.textContent()).toMatch(/Средний прогресс\s*\d+(,\d)?\s*%/);

    await page.getByRole("link", { name: "Оплата", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Оплата" }).waitFor();
    await page.getByRole("button", { name: /^Оплатить 9.600,00.₽: English, Маша Иванова$/ }).click();

    // The provider's page (the development gateway stands in for YooKassa).
    await page.waitForURL(/\/api\/v1\/payments\/dev\//);
    await page.getByText("9600.00 RUB").waitFor();
    await page.getByRole("button", { name: "Pay" }).click();

    await page.waitForURL(/\/payments\/[0-9a-f-]{36}$/);
    await page.getByRole("status").filter({ hasText: "Оплата прошла. Спасибо!" }).waitFor();
    await page.getByText("тестовая оплата").first().waitFor();
    await page.screenshot({ path: join(inject("artifacts"), "payment-return.png"), fullPage: true });

    await page.getByRole("link", { name: "Все платежи" }).click();
    const english = page.locator(".due-item").filter({ hasText: "English" });
    await english.getByText("оплачено", { exact: false }).first().waitFor();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
