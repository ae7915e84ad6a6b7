import { useState } from "react";
import { Link } from "react-router";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { Pager } from "../layout/Pager";
import type { Report } from "./queries";

const PAGE_SIZE = 20;

/** /reports: the reports one wrote and those addressed to one, the unread ones first. */
export function ReportsPage() {
  const { user } = useSession();
  const { t } = useI18n();
  const role = user?.role;
  const writes = role === "teacher" || role === "tutor";
  const receives = role === "tutor" || role === "parent";
  return (
    <Page title={t("reports.title")}>
      {writes && (
        <p>
          <Link className="button" to="/reports/new">
            {t("reports.write")}
          </Link>
        </p>
      )}
      {receives && (
        <section aria-labelledby="reports-unread" className="card">
          <h2 id="reports-unread">{t("reports.unread")}</h2>
          <ReportList kind="unread" empty={t("reports.noUnread")} />
        </section>
      )}
      <section aria-labelledby="reports-all" className="card">
        <h2 id="reports-all">{receives ? t("reports.all") : t("reports.mine")}</h2>
        <ReportList kind="list" empty={t("reports.none")} />
      </section>
    </Page>
  );
}

function ReportList({ kind, empty }: { kind: "unread" | "list"; empty: string }) {
  const [offset, setOffset] = useState(0);
  const unread = kind === "unread" ? true : undefined;
  return (
    <Loaded
      queryKey={["reports", kind, offset]}
      load={(api) =>
        unwrap(api.GET("/api/v1/reports", { params: { query: { unread, limit: PAGE_SIZE, offset } } }))
      }
    >
      {(page) =>
        page.items.length === 0 ? (
          <p className="empty">{empty}</p>
        ) : (
          <>
            <ul className="items">
              {page.items.map((report) => (
                <ReportItem key={report.id} report={report} />
              ))}
            </ul>
            <Pager total={page.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} />
          </>
        )
      }
    </Loaded>
  );
}

function ReportItem({ report }: { report: Report }) {
  const { user } = useSession();
  const { t } = useI18n();
  const format = useFormat();
  const mine = report.author_id === user?.id;
  // A received report still unread carries the "new" tag instead of a state.
  let state: string | null = null;
  if (mine && report.sent_at) state = t("reports.sentAt", { when: format.dateTime(report.sent_at) });
  else if (mine) state = t("reports.draft");
  else if (!report.is_unread) state = t("reports.read");
  return (
    <li data-id={report.id} className={report.is_unread ? "report-unread" : undefined}>
      <Link to={`/reports/${report.id}`}>{report.title}</Link>
      {report.is_unread && (
        <>
          {" "}
          <span className="tag new">{t("reports.newTag")}</span>
        </>
      )}
      <span className="meta">
        {" "}
        · {report.student_name}
        {report.subject_name && <> · {report.subject_name}</>} ·{" "}
        {format.days(report.period_start, report.period_end)}
        {!mine && (
          <>
            {" "}
            · {t("reports.author")}: {report.author_name}
          </>
        )}
        {state && <> · {state}</>}
      </span>
    </li>
  );
}
