import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { Page } from "../layout/Page";
import { detailOf } from "../reports/form";
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
      <DeleteDraft plan={plan} />
    </Page>
  );
}

function DeleteDraft({ plan }: { plan: StudyPlan }) {
  const { api } = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE("/api/v1/study-plans/{plan_id}", { params: { path: { plan_id: plan.id } } })),
    onSuccess: async () => {
      navigate("/study-plans");
      queryClient.removeQueries({ queryKey: ["study-plans", plan.id] });
      await queryClient.invalidateQueries({ queryKey: ["study-plans", "list"] });
    },
    onError: (error) => setProblem(detailOf(error, t("common.networkError"))),
  });
  return (
    <p>
      <button
        type="button"
        className="danger"
        disabled={remove.isPending}
        onClick={() => {
          setProblem(null);
          if (window.confirm(t("reports.plans.deleteConfirm"))) remove.mutate();
        }}
      >
        {t("reports.plans.delete")}
      </button>
      <span role="alert" className="error">
        {problem && ` ${problem}`}
      </span>
    </p>
  );
}
