import { Link } from "react-router";
import type { components } from "../../api/schema";
import { useI18n } from "../../i18n/I18nProvider";
import { useFormat } from "../../i18n/useFormat";
import { Section } from "./Section";

type SentReport = components["schemas"]["SentReport"];
type UnreadReport = components["schemas"]["UnreadReport"];

// Each report opens its page, /reports/{id}.
export function SentReports({ reports }: { reports: SentReport[] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Section id="recent-reports" title={t("dashboard.recentReports")} empty={reports.length === 0}>
      <ul className="items">
        {reports.map((report) => (
          <li key={report.report_id} data-id={report.report_id}>
            <Link to={`/reports/${report.report_id}`}>{report.title}</Link>
            <span className="meta">
              {" "}
              · {report.student.name} · {format.dateTime(report.sent_at)}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function UnreadReports({ reports }: { reports: UnreadReport[] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Section id="unread-reports" title={t("dashboard.unreadReports")} empty={reports.length === 0}>
      <ul className="items">
        {reports.map((report) => (
          <li key={report.report_id} data-id={report.report_id}>
            <Link to={`/reports/${report.report_id}`}>{report.title}</Link>
            <span className="meta">
              {" "}
              · {report.student.name} · {t("dashboard.reportAuthor")}: {report.author.name} ·{" "}
              {format.days(report.period_start, report.period_end)} ·{" "}
              {t("dashboard.sentAt", { when: format.dateTime(report.sent_at) })}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
