import { useI18n } from "../i18n/I18nProvider";
import { LessonSummary } from "./LessonSummary";
import type { Lesson } from "./queries";
import { byDay, useDayTitle } from "./WeekView";

/** The week's lessons one after another, under a heading for each day that has any. */
export function ListView({ lessons, today }: { lessons: Lesson[]; today: string }) {
  const { t } = useI18n();
  const dayTitle = useDayTitle();
  const grouped = [...byDay(lessons).entries()];
  if (grouped.length === 0) return <p>{t("schedule.noLessonsWeek")}</p>;
  return (
    <div className="lesson-list">
      {grouped.map(([day, dayLessons]) => (
        <section key={day} aria-labelledby={`list-day-${day}`} data-day={day}>
          <h3 id={`list-day-${day}`} aria-current={day === today ? "date" : undefined}>
            {dayTitle(day)}
            {day === today && ` · ${t("schedule.today")}`}
          </h3>
          <ul className="items">
            {dayLessons.map((lesson) => (
              <li key={lesson.id} className={`lesson-row status-${lesson.status}`} data-id={lesson.id}>
                <LessonSummary lesson={lesson} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
