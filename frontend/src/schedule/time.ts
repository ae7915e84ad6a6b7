/**
 * Calendar days and wall-clock times in the school's time zone. A day is "YYYY-MM-DD", a time
 * "HH:MM"; what goes to the API is an ISO 8601 date-time with the zone's offset at that moment.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const parts = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = parts.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    parts.set(zone, format);
  }
  return format;
}

/** The wall clock of the zone at an instant, as numbers. */
function wallClock(zone: string, instant: Date) {
  const found: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(instant)) {
    if (part.type !== "literal") found[part.type] = Number(part.value);
  }
  return found as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
}

/** Minutes the zone is ahead of UTC at an instant (+180 for Moscow). */
export function offsetMinutes(zone: string, instant: Date): number {
  const wall = wallClock(zone, instant);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const whole = Math.abs(minutes);
  return `${sign}${pad(Math.floor(whole / 60))}:${pad(whole % 60)}`;
}

/** "2026-11-23" + "16:00" in Moscow → "2026-11-23T16:00:00+03:00". */
export function zonedIso(day: string, time: string, zone: string): string {
  const [hour = 0, minute = 0] = time.split(":").map(Number);
  const wall = new Date(`${day}T00:00:00Z`).getTime() + (hour * 60 + minute) * 60_000;
  let offset = offsetMinutes(zone, new Date(wall));
  // Near a change of offset the first guess may be an hour off: the second one settles it.
  offset = offsetMinutes(zone, new Date(wall - offset * 60_000));
  return `${day}T${pad(hour)}:${pad(minute)}:00${offsetText(offset)}`;
}

/** The day it is in the zone at an instant. */
export function dayIn(zone: string, instant: Date): string {
  const wall = wallClock(zone, instant);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** The day and time of a date-time the API gave with the school's offset (local_start). */
export function localParts(localIso: string): { day: string; time: string } {
  return { day: localIso.slice(0, 10), time: localIso.slice(11, 16) };
}

export function isDay(text: string | null | undefined): text is string {
  const found = text ? DAY.exec(text) : null;
  if (!found) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text as string);
}

export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

/** The Monday of the week a day falls in. */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The seven days of the week that starts on a Monday. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}
