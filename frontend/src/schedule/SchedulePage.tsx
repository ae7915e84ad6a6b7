import { useSearchParams } from "react-router";
import { useTimeZone } from "../api/config";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Page } from "../layout/Page";
import { QueryProblem } from "../layout/QueryProblem";
import { CalendarFeed } from "./CalendarFeed";
import { ListView } from "./ListView";
import { NewLessonForm } from "./NewLessonForm";
import { useLessonsBetween, type Lesson } from "./queries";
import { addDays, dayIn, isDay, localParts, mondayOf, weekDays, zonedIso } from "./time";
import { WeekView } from "./WeekView";

type View = "week" | "list";

/** The week's lessons (`?week=` any day of it, `?view=list`), a new lesson, the calendar feed. */
export function SchedulePage() {
  const { t } = useI18n();
  const format = useFormat();
  const { user } = useSession();
  const zone = useTimeZone();
  const [params, setParams] = useSearchParams();

  const today = dayIn(zone, new Date());
  const requested = params.get("week");
  const monday = mondayOf(isDay(requested) ? requested : today);
  const days = weekDays(monday);
  const view: View = params.get("view") === "list" ? "list" : "week";
  const lessons = useLessonsBetween(
    zonedIso(monday, "00:00", zone),
    zonedIso(addDays(monday, 7), "00:00", zone),
  );

  function go(changes: { week?: string | null; view?: View }) {
    const next = new URLSearchParams(params);
    if (changes.week !== undefined) {
      if (changes.week === null || changes.week === mondayOf(today)) next.delete("week");
      else next.set("week", changes.week);
    }
    if (changes.view) {
      if (changes.view === "list") next.set("view", "list");
      else next.delete("view");
    }
    if (next.toString() === params.toString()) return;
    setParams(next);
  }

  function created(lesson: Lesson) {
    go({ week: mondayOf(localParts(lesson.local_start).day) });
  }

  return (
    <Page title={t("schedule.title")}>
      <div className="toolbar schedule-toolbar">
        <nav aria-label={t("schedule.weekNavigation")} className="week-nav">
          <button type="button" onClick={() => go({ week: addDays(monday, -7) })}>
            <span aria-hidden="true">← </span>
            {t("schedule.previousWeek")}
          </button>
          <button type="button" onClick={() => go({ week: null })}>
            {t("schedule.thisWeek")}
          </button>
          <button type="button" onClick={() => go({ week: addDays(monday, 7) })}>
            {t("schedule.nextWeek")}
            <span aria-hidden="true"> →</span>
          </button>
        </nav>
        <div role="group" aria-label={t("schedule.view")} className="view-switch">
          {(["week", "list"] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={view === option}
              onClick={() => go({ view: option })}
            >
              {option === "week" ? t("schedule.viewWeek") : t("schedule.viewList")}
            </button>
          ))}
        </div>
      </div>
      <section aria-labelledby="week-title" className="schedule-week">
        <h2 id="week-title" aria-live="polite">
          {t("schedule.weekOf", { range: format.days(monday, addDays(monday, 6)) })}
        </h2>
        {lessons.isPending && <p role="status">{t("common.loading")}</p>}
        {lessons.isError && <QueryProblem error={lessons.error} retry={() => void lessons.refetch()} />}
        {lessons.data &&
          (view === "week" ? (
            <WeekView days={days} lessons={lessons.data} today={today} />
          ) : (
            <ListView lessons={lessons.data} today={today} />
          ))}
      </section>
      {user?.role === "teacher" && (
        <section aria-labelledby="new-lesson-title" className="card">
          <h2 id="new-lesson-title">{t("schedule.newLesson")}</h2>
          <NewLessonForm onCreated={created} />
        </section>
      )}
      <CalendarFeed />
    </Page>
  );
}
