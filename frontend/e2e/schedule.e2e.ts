import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launch, openPage, signIn } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** The Wednesday of next week in the school's zone: free for Анна and Маша in the demo school. */
function nextWednesday(): { monday: string; wednesday: string } {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Moscow" }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  const toMonday = (date.getUTCDay() + 6) % 7;
  const day = (offset: number) =>
    new Date(date.getTime() + (offset - toMonday) * 86_400_000).toISOString().slice(0, 10);
  return { monday: day(7), wednesday: day(9) };
}

async function openNextWeek(page: Page, monday: string): Promise<void> {
  await page.getByRole("link", { name: "Расписание" }).click();
  await page.getByRole("heading", { level: 1, name: "Расписание" }).waitFor();
  await page.getByRole("button", { name: "Следующая неделя" }).click();
  await page.waitForURL((url) => url.searchParams.get("week") === monday);
}

async function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element.matches(":focus"));
}

test("a teacher schedules and moves a lesson; the student sees it at the new time", async () => {
  const { monday, wednesday } = nextWednesday();
  const teacher = await openPage(browser);
  const student = await openPage(browser);
  try {
    const page = teacher.page;
    await signIn(page, "anna.smirnova");
    await openNextWeek(page, monday);

    const form = page.getByRole("region", { name: "Новое занятие" });
    await form.getByLabel("Ученик").selectOption({ label: "Маша Иванова" });
    await form.getByLabel("Предмет").selectOption({ label: "Mathematics" });
    await form.getByLabel("Дата").fill(wednesday);
    await form.getByLabel("Начало").fill("10:00");
    await form.getByLabel("Окончание").fill("09:00");
    // The browser logs every refused request as an error of its own: this one is expected.
    const refused: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("status of 400")) refused.push(message.location().url);
    });
    await form.getByRole("button", { name: "Назначить занятие" }).click();

    // The platform's own words, next to the field they are about, which takes the focus.
    const end = form.getByLabel("Окончание");
    await expect.poll(() => end.getAttribute("aria-invalid")).toBe("true");
    const described = await end.getAttribute("aria-describedby");
    expect(await page.locator(`[id="${described}"]`).textContent()).toBe("must be after start_at");
    expect(await hasFocus(end)).toBe(true);

    await end.fill("11:00");
    await form.getByLabel("Описание").fill("Разбор контрольной");
    await form.getByLabel("Ссылка на онлайн-встречу").fill("https://meet.example.org/anna-masha");
    await form.getByRole("button", { name: "Назначить занятие" }).click();
    await form.getByText(/^Занятие назначено: Mathematics/).waitFor();
    expect(await end.getAttribute("aria-invalid")).toBeNull();

    const day = page.locator(`[data-day="${wednesday}"]`);
    await day.getByRole("link", { name: "10:00–11:00 Mathematics" }).click();
    await page.waitForURL(/\/lessons\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: "Занятие: Mathematics" }).waitFor();
    await page.getByRole("link", { name: /Подключиться к занятию/ }).waitFor();

    await page.getByRole("button", { name: "Перенести занятие" }).click();
    const move = page.getByRole("form", { name: "Новое время занятия" });
    await move.getByLabel("Начало").fill("12:00");
    await move.getByLabel("Окончание").fill("13:00");
    await move.getByRole("button", { name: "Сохранить новое время" }).click();
    await page.getByText("Занятие перенесено.").waitFor();
    await page
      .locator(".lesson-facts")
      .getByText(/12:00–13:00/)
      .waitFor();
    await page.getByRole("region", { name: "История изменений" }).getByText("Изменено").waitFor();

    await page.getByRole("link", { name: "← К расписанию" }).click();
    await day.getByRole("link", { name: "12:00–13:00 Mathematics" }).waitFor();
    expect(await day.getByRole("link", { name: "10:00–11:00 Mathematics" }).count()).toBe(0);
    await page.screenshot({ path: join(inject("artifacts"), "schedule.png"), fullPage: true });

    await signIn(student.page, "masha.ivanova");
    await openNextWeek(student.page, monday);
    const studentDay = student.page.locator(`[data-day="${wednesday}"]`);
    await studentDay.getByRole("link", { name: "12:00–13:00 Mathematics" }).waitFor();
    await studentDay.getByText("Анна Смирнова").waitFor();
    expect(await studentDay.getByRole("link", { name: "10:00–11:00 Mathematics" }).count()).toBe(0);
    await studentDay.getByRole("link", { name: "12:00–13:00 Mathematics" }).click();
    await student.page.getByRole("heading", { level: 1, name: "Занятие: Mathematics" }).waitFor();
    await student.page.getByRole("region", { name: "История изменений" }).waitFor();
    expect(await student.page.getByRole("button", { name: "Перенести занятие" }).count()).toBe(0);

    expect(refused.map((url) => new URL(url).pathname)).toEqual(["/api/v1/lessons"]);
    expect(teacher.errors).toEqual([
      "console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
    expect(student.errors).toEqual([]);
  } finally {
    await teacher.context.close();
    await student.context.close();
  }
});
