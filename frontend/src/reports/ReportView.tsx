import { Link } from "react-router";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Page } from "../layout/Page";
import type { Report } from "./queries";
import { TEXT_LABELS } from "./ReportFields";

interface Props {
  report: Report;
  /** The viewer wrote it: who has read it is shown. */
  mine: boolean;
  readFailed: boolean;
}

/** A report as its recipients (and its author, once sent) read it. */
export function ReportView({ report, mine, readFailed }: Props) {
  const { t, label } = useI18n();
  const format = useFormat();
  const percent = (value: number | null) => (value === null ? "—" : format.percent(value));
  const texts = (Object.keys(TEXT_LABELS) as (keyof typeof TEXT_LABELS)[]).filter((name) => report[name]);
  return (
    <Page title={report.title}>
      <p>
        <Link to="/reports">{t("reports.back")}</Link>
      </p>
      {readFailed && (
        <p role="alert" className="error">
          {t("reports.readFailed")}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>{t("common.student")}</dt>
          <dd>{report.student_name}</dd>
        </div>
        <div>
          <dt>{t("common.subject")}</dt>
          <dd>{report.subject_name ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("reports.period")}</dt>
          <dd>{format.days(report.period_start, report.period_end)}</dd>
        </div>
        <div>
          <dt>{t("reports.author")}</dt>
          <dd>
            {report.author_name} ({label("role", report.author_role)})
          </dd>
        </div>
        <div>
          <dt>{t("reports.status")}</dt>
          <dd>
            {report.status === "draft" ? t("reports.draft") : t("reports.sent")}
            {report.sent_at && <> · {format.dateTime(report.sent_at)}</>}
          </dd>
        </div>
        <div>
          <dt>{t("reports.progress")}</dt>
          <dd>{percent(report.progress_percentage)}</dd>
        </div>
        <div>
          <dt>{t("reports.attendance")}</dt>
          <dd>{percent(report.attendance_percentage)}</dd>
        </div>
      </dl>
      {texts.length === 0 && <p>{t("reports.empty")}</p>}
      {texts.map((name) => (
        <section key={name} aria-labelledby={`report-${name}-title`} className="card">
          <h2 id={`report-${name}-title`}>{t(TEXT_LABELS[name])}</h2>
          <p className="multiline report-text">{report[name]}</p>
        </section>
      ))}
      {mine && (
        <section aria-labelledby="report-recipients-title" className="card">
          <h2 id="report-recipients-title">{t("reports.recipients")}</h2>
          <ul className="items">
            {report.recipients.map((recipient) => (
              <li key={recipient.user_id}>
                {recipient.name} ({label("role", recipient.role)}) ·{" "}
                {recipient.read_at
                  ? t("reports.readAt", { when: format.dateTime(recipient.read_at) })
                  : t("reports.notRead")}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
