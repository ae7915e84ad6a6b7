import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import { useFormat } from "../i18n/useFormat";
import { useStatusText } from "./LessonSummary";
import { useLessonHistory, type HistoryEntry } from "./queries";

const ACTION_KEY: Record<string, MessageKey> = {
  created: "schedule.history.created",
  updated: "schedule.history.updated",
  cancelled: "schedule.history.cancelled",
  completed: "schedule.history.completed",
};
const FIELD_KEY: Record<string, MessageKey> = {
  start_at: "schedule.field.start_at",
  end_at: "schedule.field.end_at",
  description: "schedule.field.description",
  meeting_url: "schedule.field.meeting_url",
  status: "schedule.field.status",
  cancel_reason: "schedule.field.cancel_reason",
};
const TIMES = new Set(["start_at", "end_at"]);

/** Every change of the lesson: what, who and when, each field's old and new value. */
export function LessonHistory({ lessonId }: { lessonId: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const history = useLessonHistory(lessonId);
  const statusText = useStatusText();

  function shown(field: string, value: unknown): string {
    if (value === null || value === undefined || value === "") return "—";
    if (TIMES.has(field) && typeof value === "string") return format.dateTime(value);
    if (field === "status" && typeof value === "string") return statusText(value);
    return typeof value === "string" ? value : JSON.stringify(value);
  }

  function changesOf(entry: HistoryEntry) {
    // The fields in the order the page shows them; any other after them.
    const order = Object.keys(FIELD_KEY);
    const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
    const fields = Object.entries(entry.changes).sort(([a], [b]) => rank(a) - rank(b));
    return fields.flatMap(([field, change]) => {
      const [before, after] = Array.isArray(change) ? change : [undefined, change];
      // A new lesson's empty fields say nothing.
      if (entry.action === "created" && shown(field, after) === "—") return [];
      const name = FIELD_KEY[field] ? t(FIELD_KEY[field]) : field;
      const text =
        entry.action === "created"
          ? `${name}: ${shown(field, after)}`
          : `${name}: ${shown(field, before)} → ${shown(field, after)}`;
      return [<li key={field}>{text}</li>];
    });
  }

  return (
    <section aria-labelledby="lesson-history" className="card">
      <h2 id="lesson-history">{t("schedule.history")}</h2>
      {history.isPending && <p role="status">{t("common.loading")}</p>}
      {history.isError && (
        <p role="alert" className="error">
          {t("common.loadFailed")}
        </p>
      )}
      {history.data && history.data.length === 0 && <p>{t("schedule.history.none")}</p>}
      {history.data && history.data.length > 0 && (
        <ol className="items history">
          {history.data.map((entry) => (
            <li key={entry.id} data-action={entry.action}>
              <p>
                <strong>
                  {ACTION_KEY[entry.action] ? t(ACTION_KEY[entry.action] as MessageKey) : entry.action}
                </strong>
                {" · "}
                {entry.actor?.name ?? t("schedule.history.system")}
                {" · "}
                <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
              </p>
              <ul className="meta changes">{changesOf(entry)}</ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
