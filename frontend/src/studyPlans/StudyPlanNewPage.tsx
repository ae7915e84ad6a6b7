import { Link } from "react-router";
import { activeEnrollments, ACTIVE_ENROLLMENTS_KEY } from "../api/enrollments";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { PlanForm } from "./PlanForm";

/** /study-plans/new: a teacher drafts a weekly plan for one of their enrolled students. */
export function StudyPlanNewPage() {
  const { user } = useSession();
  const { t } = useI18n();
  return (
    <Page title={t("reports.plans.new")}>
      <p>
        <Link to="/study-plans">{t("reports.plans.back")}</Link>
      </p>
      {user?.role !== "teacher" ? (
        <p>{t("reports.plans.teachersOnly")}</p>
      ) : (
        <Loaded queryKey={ACTIVE_ENROLLMENTS_KEY} load={activeEnrollments}>
          {(enrollments) =>
            enrollments.length === 0 ? (
              <p>{t("reports.noStudents")}</p>
            ) : (
              <PlanForm enrollments={enrollments} />
            )
          }
        </Loaded>
      )}
    </Page>
  );
}
