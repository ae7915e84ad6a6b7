import { Link } from "react-router";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { loadCandidates, RECIPIENTS_OF } from "./queries";
import { ReportForm } from "./ReportForm";

/** /reports/new: a teacher or tutor writes a report about one of their students. */
export function ReportNewPage() {
  const { user } = useSession();
  const { t } = useI18n();
  const role = user?.role ?? "";
  const allowed = RECIPIENTS_OF[role];
  return (
    <Page title={t("reports.new")}>
      <p>
        <Link to="/reports">{t("reports.back")}</Link>
      </p>
      {allowed === undefined ? (
        <p>{t("reports.authorsOnly")}</p>
      ) : (
        <Loaded queryKey={["reports", "candidates", role]} load={(api) => loadCandidates(api, role)}>
          {(candidates) =>
            candidates.length === 0 ? (
              <p>{t("reports.noStudents")}</p>
            ) : (
              <ReportForm candidates={candidates} allowed={allowed} />
            )
          }
        </Loaded>
      )}
    </Page>
  );
}
