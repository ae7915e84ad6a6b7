import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launch, openPage, signIn } from "./browser";

const CHAT = "Mathematics — Маша Иванова ↔ Анна Смирнова";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** The chat's page once its socket is live (the page says so in a data attribute). */
async function chatReady(page: Page): Promise<void> {
  await page.getByRole("heading", { level: 2, name: CHAT }).waitFor();
  await page.getByRole("log").getByText("Конечно, пиши — разберём вместе.").waitFor();
  await page.locator('.connection-status[data-status="open"]').waitFor({ state: "attached" });
}

test("a student's message reaches her teacher's open chat live", async () => {
  const student = await openPage(browser);
  const teacher = await openPage(browser);
  try {
    await signIn(student.page, "masha.ivanova");
    await student.page.getByRole("heading", { level: 1, name: "Кабинет ученика" }).waitFor();
    await student.page.getByRole("link", { name: /^Сообщения/ }).click();
    await student.page.getByRole("heading", { level: 1, name: "Сообщения" }).waitFor();
    await student.page.getByRole("link", { name: CHAT, exact: true }).click();
    await student.page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
    await chatReady(student.page);
    const chatPath = new URL(student.page.url()).pathname;

    await signIn(teacher.page, "anna.smirnova");
    await teacher.page.getByRole("link", { name: /^Сообщения/ }).click();
    await teacher.page.getByRole("link", { name: CHAT, exact: true }).click();
    await teacher.page.waitForURL((url) => url.pathname === chatPath);
    await chatReady(teacher.page);
    // Set on the teacher's page now: still there at the end means the page never reloaded.
    await teacher.page.evaluate("window.forumNoReload = true");

    const text = `Анна Сергеевна, я решила задачу 7! (${Date.now()})`;
    const box = student.page.getByLabel("Новое сообщение");
    await box.fill(text.slice(0, 20));
    await box.pressSequentially(text.slice(20));
    await teacher.page.getByText("Маша Иванова печатает…").waitFor();
    await box.press("Enter");

    await student.page.getByRole("log").getByText(text).waitFor();
    await expect.poll(() => box.inputValue()).toBe("");
    await teacher.page.getByRole("log").getByText(text).waitFor();
    expect(await teacher.page.evaluate("window.forumNoReload")).toBe(true);
    expect(new URL(teacher.page.url()).pathname).toBe(chatPath);

    await teacher.page.screenshot({ path: join(inject("artifacts"), "forum.png"), fullPage: true });
    expect(student.errors).toEqual([]);
    expect(teacher.errors).toEqual([]);
  } finally {
    await student.context.close();
    await teacher.context.close();
  }
});
