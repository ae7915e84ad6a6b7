import { useMemo, type KeyboardEvent } from "react";
import { useI18n } from "../i18n/I18nProvider";
import { LessonSummary } from "./LessonSummary";
import type { Lesson } from "./queries";
import { localParts } from "./time";

/** Lessons by the school's calendar day they start on, each day in start order. */
export function byDay(lessons: Lesson[]): Map<string, Lesson[]> {
  const days = new Map<string, Lesson[]>();
  const ordered = [...lessons].sort((a, b) => Date.parse(a.start_at) - Date.parse(b.start_at));
  for (const lesson of ordered) {
    const day = localParts(lesson.local_start).day;
    days.set(day, [...(days.get(day) ?? []), lesson]);
  }
  return days;
}

/** "понедельник, 23 ноября" / "Monday 23 November": a calendar day, never shifted by a zone. */
export function useDayTitle() {
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, {
      weekday: "long",
      day: "numeric",
      month: "long",
      timeZone: "UTC",
    });
    return (day: string) => format.format(new Date(`${day}T00:00:00Z`));
  }, [locale]);
}

interface Props {
  days: string[];
  lessons: Lesson[];
  today: string;
}

/**
 * Monday to Sunday side by side, a heading per day. Tab goes through the lessons in order; the
 * arrow keys move left and right between days and up and down within one.
 */
export function WeekView({ days, lessons, today }: Props) {
  const { t } = useI18n();
  const dayTitle = useDayTitle();
  const grouped = byDay(lessons);

  function move(event: KeyboardEvent<HTMLDivElement>) {
    const target = event.target as HTMLElement;
    const column = target.closest<HTMLElement>(".week-day");
    if (!column) return;
    const columns = [...event.currentTarget.querySelectorAll<HTMLElement>(".week-day")];
    const stops = (day: HTMLElement) => [...day.querySelectorAll<HTMLElement>("h3, .lesson-link")];
    const here = stops(column);
    const index = columns.indexOf(column);
    let next: HTMLElement | undefined;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const other = columns[index + (event.key === "ArrowRight" ? 1 : -1)];
      if (other) next = stops(other)[Math.min(Math.max(here.indexOf(target), 0), stops(other).length - 1)];
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      next = here[here.indexOf(target) + (event.key === "ArrowDown" ? 1 : -1)];
    }
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }

  return (
    <>
      <p className="meta week-hint">{t("schedule.weekKeys")}</p>
      <div className="week-grid" onKeyDown={move}>
        {days.map((day) => {
          const dayLessons = grouped.get(day) ?? [];
          const isToday = day === today;
          return (
            <section
              key={day}
              className={isToday ? "week-day today" : "week-day"}
              aria-labelledby={`day-${day}`}
              data-day={day}
            >
              <h3 id={`day-${day}`} tabIndex={-1} aria-current={isToday ? "date" : undefined}>
                {dayTitle(day)}
                {isToday && ` · ${t("schedule.today")}`}
              </h3>
              {dayLessons.length === 0 ? (
                <p className="meta">{t("schedule.noLessonsDay")}</p>
              ) : (
                <ol className="plain day-lessons">
                  {dayLessons.map((lesson) => (
                    <li key={lesson.id} className={`lesson-card status-${lesson.status}`} data-id={lesson.id}>
                      <LessonSummary lesson={lesson} />
                    </li>
                  ))}
                </ol>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}
