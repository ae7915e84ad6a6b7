import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launch, openPage, signIn } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

async function badgeCount(page: Page): Promise<number> {
  const badge = page.getByTestId("unread-badge");
  await badge.waitFor();
  return Number(await badge.getAttribute("data-count"));
}

test("marking a notification read lowers the unread badge by one", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    await signIn(page, "masha.ivanova");
    const before = await badgeCount(page);
    expect(before).toBeGreaterThan(0);

    await page.getByRole("link", { name: /^Уведомления/ }).click();
    await page.getByRole("heading", { level: 1, name: "Уведомления" }).waitFor();
    await page
      .getByRole("button", { name: /^Отметить прочитанным/ })
      .first()
      .click();

    await expect.poll(() => badgeCount(page)).toBe(before - 1);
    await page
      .getByText(`Непрочитанных: ${before - 1}`)
      .first()
      .waitFor();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
