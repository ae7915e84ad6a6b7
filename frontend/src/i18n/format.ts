/** Dates, times, money and numbers for one locale; times always in the school's zone. */

export const FALLBACK_TIME_ZONE = "Europe/Moscow";

function zoneOrFallback(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return FALLBACK_TIME_ZONE;
  }
}

export interface Formatter {
  dateTime(iso: string): string;
  time(iso: string): string;
  /** "1 Dec 2026, 16:00–17:00": a lesson or any span within a day. */
  span(startIso: string, endIso: string): string;
  /** A calendar day ("2026-11-23"): never shifted by a time zone. */
  day(isoDay: string): string;
  days(startDay: string, endDay: string): string;
  money(amount: string, currency?: string): string;
  percent(value: number): string;
  number(value: number): string;
  minutes(value: number): string;
  fileSize(bytes: number): string;
}

export interface Units {
  minutes: string;
  bytes: string;
  kilobytes: string;
}

export function createFormatter(locale: string, timeZone: string, units: Units): Formatter {
  const zone = zoneOrFallback(timeZone);
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: zone,
  });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: zone });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const toDay = (isoDay: string) => new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
  return {
    dateTime: (iso) => dateTime.format(new Date(iso)),
    time: (iso) => time.format(new Date(iso)),
    span: (start, end) => `${dateTime.format(new Date(start))}–${time.format(new Date(end))}`,
    day: (isoDay) => day.format(toDay(isoDay)),
    days: (start, end) => day.formatRange(toDay(start), toDay(end)),
    money: (amount, currency = "RUB") =>
      new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        currencyDisplay: "narrowSymbol",
      }).format(Number(amount)),
    percent: (value) => percent.format(value / 100),
    number: (value) => number.format(value),
    minutes: (value) => `${number.format(value)} ${units.minutes}`,
    fileSize: (bytes) =>
      bytes < 1024
        ? `${number.format(bytes)} ${units.bytes}`
        : `${number.format(bytes / 1024)} ${units.kilobytes}`,
  };
}
