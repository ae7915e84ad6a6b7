import { expect, test } from "vitest";
import { addDays, dayIn, isDay, mondayOf, offsetMinutes, weekDays, zonedIso } from "./time";

test("a day and a time in the school's zone become a date-time with that zone's offset", () => {
  expect(zonedIso("2026-12-02", "10:00", "Europe/Moscow")).toBe("2026-12-02T10:00:00+03:00");
  // A zone that changes its clocks: each side of the change has its own offset.
  expect(zonedIso("2026-03-28", "12:00", "Europe/Berlin")).toBe("2026-03-28T12:00:00+01:00");
  expect(zonedIso("2026-03-29", "12:00", "Europe/Berlin")).toBe("2026-03-29T12:00:00+02:00");
  expect(zonedIso("2026-06-01", "09:30", "America/St_Johns")).toBe("2026-06-01T09:30:00-02:30");
  expect(offsetMinutes("Asia/Kolkata", new Date("2026-01-01T00:00:00Z"))).toBe(330);
});

test("the day it is in a zone, and the weeks from Monday to Sunday", () => {
  // 22:30 UTC on a Sunday is already Monday in Moscow.
  expect(dayIn("Europe/Moscow", new Date("2026-11-29T22:30:00Z"))).toBe("2026-11-30");
  expect(dayIn("UTC", new Date("2026-11-29T22:30:00Z"))).toBe("2026-11-29");
  expect(mondayOf("2026-11-29")).toBe("2026-11-23");
  expect(mondayOf("2026-11-30")).toBe("2026-11-30");
  expect(mondayOf("2027-01-01")).toBe("2026-12-28");
  expect(addDays("2026-12-28", 7)).toBe("2027-01-04");
  expect(weekDays("2026-11-23")).toEqual([
    "2026-11-23",
    "2026-11-24",
    "2026-11-25",
    "2026-11-26",
    "2026-11-27",
    "2026-11-28",
    "2026-11-29",
  ]);
});

test("only real calendar days are days", () => {
  expect(isDay("2026-11-23")).toBe(true);
  expect(isDay("2026-02-30")).toBe(false);
  expect(isDay("23.11.2026")).toBe(false);
  expect(isDay(null)).toBe(false);
});
