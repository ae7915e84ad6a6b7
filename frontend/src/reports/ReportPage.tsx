import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { DeleteDraft } from "../layout/DeleteDraft";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { loadCandidates, RECIPIENTS_OF, refreshReports, reportKey, type Report } from "./queries";
import { ReportForm } from "./ReportForm";
import { ReportView } from "./ReportView";

/** /reports/{id}, where the platform's notifications lead: one report. */
export function ReportPage() {
  const { reportId = "" } = useParams();
  const { t } = useI18n();
  return (
    <Loaded
      queryKey={reportKey(reportId)}
      load={(api) =>
        unwrap(api.GET("/api/v1/reports/{report_id}", { params: { path: { report_id: reportId } } }))
      }
      notFound={t("reports.notFound")}
    >
      {(report) => <ReportScreen report={report} />}
    </Loaded>
  );
}

function ReportScreen({ report }: { report: Report }) {
  const { user } = useSession();
  const readFailed = useMarkRead(report);
  if (report.status === "draft" && report.author_id === user?.id) return <DraftReport report={report} />;
  return <ReportView report={report} mine={report.author_id === user?.id} readFailed={readFailed} />;
}

/** A recipient opening an unread report marks it read, once; lists and dashboards follow. */
function useMarkRead(report: Report): boolean {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const asked = useRef<string | null>(null);
  const mark = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/reports/{report_id}/read", { params: { path: { report_id: id } } })),
    onSuccess: async (read) => {
      queryClient.setQueryData(reportKey(read.id), read);
      await refreshReports(queryClient);
    },
  });
  const { mutate } = mark;
  useEffect(() => {
    if (report.is_unread !== true || asked.current === report.id) return;
    asked.current = report.id;
    mutate(report.id);
  }, [report.id, report.is_unread, mutate]);
  return mark.isError;
}

/** The author's draft: changed, sent or deleted here. */
function DraftReport({ report }: { report: Report }) {
  const { user } = useSession();
  const { t } = useI18n();
  const role = user?.role ?? "";
  return (
    <Page title={report.title}>
      <p>
        <Link to="/reports">{t("reports.back")}</Link>
      </p>
      <p className="notice">{t("reports.draftNotice")}</p>
      <Loaded queryKey={["reports", "candidates", role]} load={(api) => loadCandidates(api, role)}>
        {(candidates) => (
          <ReportForm candidates={candidates} allowed={RECIPIENTS_OF[role] ?? []} report={report} />
        )}
      </Loaded>
      <DeleteDraft
        label={t("reports.deleteDraft")}
        question={t("reports.deleteConfirm")}
        remove={(api) =>
          unwrap(api.DELETE("/api/v1/reports/{report_id}", { params: { path: { report_id: report.id } } }))
        }
        listPath="/reports"
        draftKey={reportKey(report.id)}
        refresh={refreshReports}
      />
    </Page>
  );
}
