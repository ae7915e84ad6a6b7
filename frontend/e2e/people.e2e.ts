import { join } from "node:path";
import { deflateSync } from "node:zlib";
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

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small real PNG: a 32×32 gradient, RGB, built here byte by byte. */
function smallPng(side = 32): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
  const rows = Buffer.alloc((side * 3 + 1) * side);
  for (let y = 0; y < side; y += 1) {
    const start = y * (side * 3 + 1);
    for (let x = 0; x < side; x += 1) rows.set([x * 8, y * 8, 160], start + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// The demo tutor Елена Кузнецова looks after Маша, Петя and Саша. Петя learns Mathematics with
// Дмитрий Волков, who also teaches Саша Physics: so Physics with him is Петя's new subject.
test("a tutor opens her students, enrolls Петя in Physics and sees it on his card and his lessons", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    await signIn(page, "elena.kuznetsova");
    await page.getByRole("link", { name: "Ученики", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Мои ученики" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "Петя Иванов" });
    await row.getByText("Ольга Иванова").waitFor();
    await row.getByText("Mathematics").waitFor();
    await page.screenshot({ path: join(inject("artifacts"), "tutor-students.png"), fullPage: true });

    await page.getByRole("link", { name: "Петя Иванов" }).click();
    await page.waitForURL(/\/students\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: "Петя Иванов" }).waitFor();
    const subjects = page.getByRole("region", { name: "Предметы ученика" });
    await subjects.getByRole("link", { name: "Mathematics" }).waitFor();
    expect(await subjects.getByRole("link", { name: "Physics" }).count()).toBe(0);

    const form = page.getByRole("region", { name: "Записать на предмет" });
    await form.getByLabel("Предмет", { exact: true }).selectOption({ label: "Physics" });
    await form.getByLabel("Преподаватель").selectOption({ label: "Дмитрий Волков" });
    await form.getByRole("button", { name: "Записать", exact: true }).click();
    await form.getByRole("link", { name: "Physics · Дмитрий Волков" }).waitFor();
    await subjects.getByRole("link", { name: "Physics" }).waitFor();
    expect(await subjects.textContent()).toContain("Дмитрий Волков");

    await subjects.getByRole("link", { name: "Physics" }).click();
    await page.getByRole("heading", { level: 1, name: "Physics: Петя Иванов" }).waitFor();
    await page.getByText("идут занятия").waitFor();
    await page.getByRole("link", { name: "Петя Иванов" }).waitFor();

    await page.getByRole("link", { name: "Расписание", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Расписание" }).waitFor();
    await page.locator("main").getByText("Петя Иванов").first().waitFor();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test("a student changes the goal and uploads an avatar, which the header then shows", async () => {
  const { context, page, errors } = await openPage(browser);
  const goal = "Сдать ОГЭ по математике на пятёрку";
  try {
    await signIn(page, "masha.ivanova");
    await page.getByRole("banner").getByRole("link", { name: "Маша Иванова" }).click();
    await page.getByRole("heading", { level: 1, name: "Мой профиль" }).waitFor();

    const details = page.getByRole("region", { name: "Личные данные" });
    await details.getByLabel("Цель занятий").fill(goal);
    await details.getByRole("button", { name: "Сохранить" }).click();
    await details.getByText("Сохранено.").waitFor();

    const photo = page.getByRole("region", { name: "Фотография" });
    await photo.getByLabel("Файл изображения").setInputFiles({
      name: "face.png",
      mimeType: "image/png",
      buffer: smallPng(),
    });
    await photo.getByRole("button", { name: "Загрузить" }).click();
    await photo.getByText("Фотография обновлена.").waitFor();

    const avatar = page.getByRole("banner").locator("img.header-avatar");
    await avatar.waitFor();
    expect(await avatar.getAttribute("src")).toMatch(/\/media\/avatars\//);
    // Evaluated in the page (a string: this file is compiled without the DOM's types).
    await page.waitForFunction(
      "(() => { const image = document.querySelector('header img.header-avatar');" +
        " return image !== null && image.complete && image.naturalWidth > 0; })()",
    );

    // Both changes are the platform's now: a fresh page shows them.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Мой профиль" }).waitFor();
    expect(await page.getByLabel("Цель занятий").inputValue()).toBe(goal);
    await page.getByRole("banner").locator("img.header-avatar").waitFor();
    await page.screenshot({ path: join(inject("artifacts"), "profile.png"), fullPage: true });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
