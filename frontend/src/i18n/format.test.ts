import { expect, test } from "vitest";
import { createFormatter } from "./format";
import { plain } from "../test/render";

const units = { minutes: "мин", bytes: "Б", kilobytes: "КБ" };

test("times are shown in the school's zone, days are never shifted", () => {
  const moscow = createFormatter("ru-RU", "Europe/Moscow", units);
  const tokyo = createFormatter("ru-RU", "Asia/Tokyo", units);

  expect(moscow.time("2026-11-30T21:30:00Z")).toBe("00:30");
  expect(tokyo.time("2026-11-30T21:30:00Z")).toBe("06:30");
  expect(moscow.day("2026-11-23")).toBe(tokyo.day("2026-11-23"));
  expect(moscow.day("2026-11-23")).toBe("23 нояб. 2026 г.");
});

test("an unknown zone falls back to Moscow instead of breaking the page", () => {
  const broken = createFormatter("ru-RU", "Not/AZone", units);

  expect(broken.time("2026-11-30T13:00:00Z")).toBe("16:00");
});

test("money, percentages and sizes follow the locale", () => {
  const ru = createFormatter("ru-RU", "Europe/Moscow", units);
  const en = createFormatter("en-GB", "Europe/Moscow", { minutes: "min", bytes: "B", kilobytes: "KB" });

  expect(plain(ru.money("12000.00"))).toBe("12 000,00 ₽");
  expect(en.money("12000.00")).toBe("₽12,000.00");
  expect(plain(ru.percent(70))).toBe("70 %");
  expect(en.percent(70)).toBe("70%");
  expect(plain(ru.fileSize(2048))).toBe("2 КБ");
  expect(en.minutes(95)).toBe("95 min");
});
