import { Link } from "react-router";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { DeleteDraft } from "../layout/DeleteDraft";
import { Page } from "../layout/Page";
import { PlanFiles } from "./PlanFiles";
import { PlanForm } from "./PlanForm";

type StudyPlan = components["schemas"]["StudyPlanOut"];

/** The author's draft: changed, given files, sent to the family, or deleted. */
export function PlanDraft({ plan }: { plan: StudyPlan }) {
  const { t } = useI18n();
  return (
    <Page title={plan.title}>
      <p>
        <Link to="/study-plans">{t("reports.plans.back")}</Link>
      </p>
      <p className="notice">{t("reports.plans.draftNotice")}</p>
      <dl className="facts">
        <dt>{t("common.student")}</dt>
        <dd>{plan.student_name}</dd>
        <dt>{t("common.subject")}</dt>
        <dd>{plan.subject_name}</dd>
      </dl>
      <PlanForm plan={plan}>
        <PlanFiles plan={plan} />
      </PlanForm>
      <DeleteDraft
        label={t("reports.plans.delete")}
        question={t("reports.plans.deleteConfirm")}
        remove={(api) =>
          unwrap(api.DELETE("/api/v1/study-plans/{plan_id}", { params: { path: { plan_id: plan.id } } }))
        }
        listPath="/study-plans"
        draftKey={["study-plans", plan.id]}
        refresh={(queryClient) => queryClient.invalidateQueries({ queryKey: ["study-plans", "list"] })}
      />
    </Page>
  );
}
