import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launch, openPage, signIn } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** Confirmation dialogs (sending fixes the text) are answered "yes". */
function acceptDialogs(page: Page) {
  page.on("dialog", (dialog) => void dialog.accept());
}

// The demo teacher Анна Смирнова teaches Маша Иванова Mathematics; Маша's parent is Ольга.
test("a teacher sends a report to the parent, who sees it unread, opens it, and it is read", async () => {
  const title = "Дроби: итоги ноября";
  const teacher = await openPage(browser);
  const parent = await openPage(browser);
  try {
    const page = teacher.page;
    acceptDialogs(page);
    await signIn(page, "anna.smirnova");
    await page.getByRole("link", { name: "Отчёты", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Отчёты" }).waitFor();
    await page.getByRole("link", { name: "Написать отчёт" }).click();

    await page.getByLabel("Ученик", { exact: true }).selectOption({ label: "Маша Иванова" });
    await page.getByLabel("Предмет", { exact: true }).selectOption({ label: "Mathematics" });
    await page.getByLabel("Заголовок").fill(title);
    await page.getByLabel("Итоги").fill("Маша решает задачи на дроби без ошибок.");
    await page.getByLabel("Рекомендации").fill("Повторить сокращение дробей.");
    await page.getByLabel("Прогресс, %").fill("80");
    await page.getByLabel("Куратору ученика").uncheck();
    await page.getByRole("button", { name: "Отправить", exact: true }).click();

    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.getByText("Ольга Иванова (родитель) · не прочитан").waitFor();

    const home = parent.page;
    await signIn(home, "olga.ivanova");
    const unread = home.getByRole("region", { name: "Непрочитанные отчёты" });
    const read = home.waitForResponse(
      (response) => response.request().method() === "POST" && response.url().endsWith("/read"),
    );
    await unread.getByRole("link", { name: title }).click();
    await home.getByRole("heading", { level: 1, name: title }).waitFor();
    await home.getByText("Маша решает задачи на дроби без ошибок.").waitFor();
    expect((await read).status()).toBe(200);

    await home.getByRole("link", { name: "Главная" }).click();
    await home.getByRole("heading", { level: 1, name: "Кабинет родителя" }).waitFor();
    await unread.getByRole("link", { name: title }).waitFor({ state: "detached" });

    await home.getByRole("link", { name: "Отчёты", exact: true }).click();
    const all = home.getByRole("region", { name: "Все отчёты" });
    await all.locator("li").filter({ hasText: title }).filter({ hasText: "прочитан" }).waitFor();
    expect(await home.getByRole("region", { name: "Непрочитанные" }).getByText(title).count()).toBe(0);
    await home.screenshot({ path: join(inject("artifacts"), "reports.png"), fullPage: true });

    await page.reload();
    await page.getByText(/Ольга Иванова \(родитель\) · прочитан/).waitFor();
    expect(teacher.errors).toEqual([]);
    expect(parent.errors).toEqual([]);
  } finally {
    await teacher.context.close();
    await parent.context.close();
  }
});

test("a teacher writes next week's study plan for Маша with a file and sends it; Маша reads it", async () => {
  const title = "Десятичные дроби";
  const teacher = await openPage(browser);
  const student = await openPage(browser);
  try {
    const page = teacher.page;
    acceptDialogs(page);
    await signIn(page, "anna.smirnova");
    await page.getByRole("link", { name: "Учебные планы", exact: true }).click();
    await page.getByRole("link", { name: "Новый учебный план" }).click();

    await page.getByLabel("Ученик и предмет").selectOption({ label: "Маша Иванова — Mathematics" });
    const week = page.getByLabel("Неделя");
    const nextWeek = await week.locator("option", { hasText: "следующая неделя" }).getAttribute("value");
    await week.selectOption(nextWeek ?? "");
    await page.getByLabel("Заголовок").fill(title);
    await page.getByLabel("Содержание").fill("Пн: перевод дробей.\nСр: сравнение.\nПт: самостоятельная.");
    await page.getByRole("button", { name: "Создать черновик" }).click();

    await page.waitForURL(/\/study-plans\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.getByLabel("Прикрепить файл").setInputFiles({
      name: "decimals.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("0,5 = 1/2\n0,25 = 1/4\n"),
    });
    await page.getByRole("button", { name: "Загрузить файл" }).click();
    await page.getByRole("button", { name: "Скачать decimals.txt" }).waitFor();
    await page.screenshot({ path: join(inject("artifacts"), "study-plan-editor.png"), fullPage: true });

    await page.getByRole("button", { name: "Отправить ученику" }).click();
    await page.getByText(/^отправлен/).waitFor();
    expect(await page.getByRole("button", { name: "Отправить ученику" }).count()).toBe(0);

    const reader = student.page;
    await signIn(reader, "masha.ivanova");
    await reader.getByRole("link", { name: "Учебные планы", exact: true }).click();
    await reader.getByRole("link", { name: title }).click();
    await reader.getByRole("heading", { level: 1, name: title }).waitFor();
    await reader.getByText("Ср: сравнение.", { exact: false }).waitFor();
    await reader.getByRole("button", { name: "Скачать decimals.txt" }).waitFor();
    expect(teacher.errors).toEqual([]);
    expect(student.errors).toEqual([]);
  } finally {
    await teacher.context.close();
    await student.context.close();
  }
});
