import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launch, openPage, signIn, type WatchedPage } from "./browser";

let browser: Browser;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  for (const { context } of opened) await context.close();
  await browser?.close();
});

async function signedIn(account: string): Promise<WatchedPage> {
  const watched = await openPage(browser);
  opened.push(watched);
  await signIn(watched.page, account);
  return watched;
}

/** A day a week from now, as a `datetime-local` field takes it. */
function nextWeek(): string {
  return `${new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)}T20:00`;
}

async function nav(page: Page, name: RegExp) {
  await page.getByRole("navigation").getByRole("link", { name }).click();
}

// In the demo school Маша's only homework not handed in yet is Oliver Brown's English essay,
// which Анна Смирнова may not grade: Анна first sets Маша new homework in Mathematics.
test("a student hands in homework, the teacher grades it in «Проверка», the student sees the grade", async () => {
  const title = `Дроби: задачи 11–20 (${Date.now()})`;
  const anna = await signedIn("anna.smirnova");
  await nav(anna.page, /^Домашние задания$/);
  await anna.page.getByRole("link", { name: "Новое задание" }).click();
  await anna.page.getByLabel("Название").fill(title);
  await anna.page.getByLabel("Срок сдачи").fill(nextWeek());
  await anna.page.getByLabel("Максимальный балл").fill("10");
  await anna.page.getByLabel("Условие").fill("Решите задачи 11–20, покажите решение.");
  await anna.page.getByRole("checkbox", { name: "Маша Иванова" }).check();
  await anna.page.getByRole("button", { name: "Задать" }).click();
  await anna.page.getByRole("heading", { level: 1, name: title }).waitFor();

  const masha = await signedIn("masha.ivanova");
  await nav(masha.page, /^Домашние задания$/);
  const row = masha.page.getByRole("row").filter({ hasText: title });
  expect(await row.textContent()).toContain("нужно сдать");
  await row.getByRole("link", { name: title }).click();
  await masha.page.getByLabel("Ответ").fill("11) 3/4; 12) 5/6; … 20) 1 1/2. Решения в файле.");
  await masha.page.getByLabel("Файл с решением").setInputFiles({
    name: "reshenie.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("11) 1/2 + 1/4 = 3/4\n12) 1/3 + 1/2 = 5/6\n"),
  });
  await masha.page.getByRole("button", { name: "Сдать" }).click();
  await masha.page.getByText("Работа сдана.").waitFor();
  await masha.page.getByText("сдано, ждёт проверки").first().waitFor();

  await anna.page.reload();
  await nav(anna.page, /^Проверка/);
  await anna.page.getByRole("heading", { level: 1, name: "Проверка" }).waitFor();
  await anna.page.getByRole("link", { name: `${title} — Маша Иванова` }).click();
  await anna.page.getByText("Решения в файле.", { exact: false }).waitFor();
  await anna.page.getByRole("button", { name: "Скачать reshenie.txt" }).waitFor();
  await anna.page.getByLabel("Балл (0–10)").fill("8");
  await anna.page.getByLabel("Комментарий").fill("Хорошо! В задаче 20 ответ можно сократить.");
  await anna.page.screenshot({ path: join(inject("artifacts"), "grading.png"), fullPage: true });
  await anna.page.getByRole("button", { name: "Сохранить оценку" }).click();
  await anna.page.getByText(`Оценка сохранена: ${title}, Маша Иванова — 8 из 10.`).waitFor();
  // The queue is shown (the demo's Jack Taylor still waits), without the work just graded.
  await anna.page.getByRole("link", { name: "Дроби: задачи 1–10 — Jack Taylor" }).waitFor();
  expect(await anna.page.getByRole("link", { name: `${title} — Маша Иванова` }).count()).toBe(0);

  await masha.page.reload();
  const work = masha.page.getByRole("region", { name: "Моя работа" });
  await work.getByText("Хорошо! В задаче 20 ответ можно сократить.").waitFor();
  expect(await work.textContent()).toContain("Оценка: 8 из 10");
  await masha.page.screenshot({ path: join(inject("artifacts"), "homework.png"), fullPage: true });
  expect(anna.errors).toEqual([]);
  expect(masha.errors).toEqual([]);
});

test("a teacher publishes a material to Маша, and Маша finds it in her materials and records progress", async () => {
  const title = `Проценты: теория (${Date.now()})`;
  const anna = await signedIn("anna.smirnova");
  await nav(anna.page, /^Материалы$/);
  await anna.page.getByRole("link", { name: "Новый материал" }).click();
  await anna.page.getByLabel("Название").fill(title);
  await anna.page.getByLabel("Тип").selectOption("theory");
  await anna.page.getByLabel("Содержание").fill("Процент — сотая часть числа. 15% от 200 = 30.");
  await anna.page.getByLabel("Файл", { exact: true }).setInputFiles({
    name: "procenty.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("1% = 1/100\n"),
  });
  await anna.page.getByRole("checkbox", { name: "Маша Иванова" }).check();
  await anna.page.getByRole("button", { name: "Создать" }).click();
  await anna.page.getByRole("heading", { level: 1, name: title }).waitFor();
  const students = anna.page.getByRole("region", { name: "Прогресс учеников" });
  await students.getByRole("rowheader", { name: "Маша Иванова" }).waitFor();

  const masha = await signedIn("masha.ivanova");
  await nav(masha.page, /^Материалы$/);
  await masha.page.getByRole("link", { name: title }).click();
  await masha.page.getByText("15% от 200 = 30.", { exact: false }).waitFor();
  await masha.page.getByRole("button", { name: "Скачать procenty.txt" }).waitFor();
  await masha.page.getByLabel("Изучено, % (0–100)").fill("50");
  await masha.page.getByLabel("Минут занятий сейчас").fill("20");
  await masha.page.getByRole("button", { name: "Сохранить прогресс" }).click();
  await masha.page.getByText("Прогресс сохранён.").waitFor();
  await masha.page.getByText("Затрачено времени: 20 мин").waitFor();
  expect(anna.errors).toEqual([]);
  expect(masha.errors).toEqual([]);
});
