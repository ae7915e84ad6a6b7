import { vi } from "vitest";
import type { components } from "../api/schema";
import { teacherUser } from "../test/accounts";
import { enrollment } from "../test/enrollments";
import { json, page, type Handler } from "../test/fakeServer";
import { ids } from "../test/fixtures";

type Schemas = components["schemas"];

/** Wednesday 25 November 2026, 12:00 in Moscow: the week shown first is 23–29 November. */
export const NOW = new Date("2026-11-25T09:00:00Z");

export function freezeTime() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
}

export const otherTeacher: Schemas["UserOut"] = { ...teacherUser, id: ids.oliver, full_name: "Oliver Brown" };

const anna = { id: ids.anna, name: "Анна Смирнова" };
const oliver = { id: ids.oliver, name: "Oliver Brown" };
const masha = { id: ids.masha, name: "Маша Иванова" };
const math = { id: ids.mathSubject, name: "Mathematics" };
const english = { id: ids.englishSubject, name: "English" };

/** A lesson at a Moscow wall-clock time ("2026-11-23T16:00"), Moscow being UTC+3 all year. */
export function lesson(
  id: string,
  local: string,
  minutes: number,
  overrides: Partial<Schemas["LessonOut"]> = {},
): Schemas["LessonOut"] {
  const start = new Date(`${local}:00+03:00`);
  const end = new Date(start.getTime() + minutes * 60_000);
  const moscow = (date: Date) =>
    new Date(date.getTime() + 3 * 3600_000).toISOString().slice(0, 19) + "+03:00";
  const teacher = overrides.teacher ?? anna;
  return {
    id,
    teacher,
    student: masha,
    subject: math,
    start_at: start.toISOString().replace(".000", ""),
    end_at: end.toISOString().replace(".000", ""),
    local_start: moscow(start),
    local_end: moscow(end),
    timezone: "Europe/Moscow",
    duration_minutes: minutes,
    description: null,
    meeting_url: null,
    status: "scheduled",
    cancel_reason: null,
    created_by_id: teacher.id,
    updated_by_id: null,
    created_at: "2026-11-20T09:00:00Z",
    updated_at: "2026-11-20T09:00:00Z",
    ...overrides,
  };
}

export const lessonIds = {
  monday: ids.lesson,
  wednesday: "0190f3f4-0000-7000-8000-000000000032",
  thursday: "0190f3f4-0000-7000-8000-000000000033",
  nextMonday: ids.nextMath,
};

export const weekLessons = [
  lesson(lessonIds.monday, "2026-11-23T16:00", 60, { meeting_url: "https://meet.example.org/math" }),
  lesson(lessonIds.wednesday, "2026-11-25T17:00", 60, { teacher: oliver, subject: english }),
  lesson(lessonIds.thursday, "2026-11-26T16:00", 60, { status: "cancelled", cancel_reason: "Болезнь" }),
  lesson(lessonIds.nextMonday, "2026-11-30T16:00", 90),
];

/** GET /api/v1/lessons as the platform answers it: from ≤ start < to, in start order. */
export function lessonsBetween(lessons: Schemas["LessonOut"][]): Handler {
  return (request) => {
    const query = new URL(request.url).searchParams;
    const from = Date.parse(query.get("from") ?? "");
    const to = Date.parse(query.get("to") ?? "");
    const items = lessons.filter((item) => {
      const start = Date.parse(item.start_at);
      return (Number.isNaN(from) || start >= from) && (Number.isNaN(to) || start < to);
    });
    return json(page(items));
  };
}

export const enrollments = [
  enrollment(),
  enrollment({ id: ids.petyaEnrollment, student_id: ids.petya, student_name: "Петя Иванов" }),
];

export const calendarRoutes = (): Record<string, Handler> => ({
  "GET /api/v1/calendar": () => json({ feed_url: "http://thebot.test/api/v1/calendar.ics?token=first" }),
  "POST /api/v1/calendar/rotate": () =>
    json({ feed_url: "http://thebot.test/api/v1/calendar.ics?token=second" }),
});
