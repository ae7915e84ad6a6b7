import { useParams } from "react-router";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { PlanDraft } from "./PlanDraft";
import { PlanFileList } from "./PlanFileList";

type StudyPlan = components["schemas"]["StudyPlanOut"];

export function StudyPlanPage() {
  const { planId = "" } = useParams();
  const { t } = useI18n();
  const { user } = useSession();
  return (
    <Loaded
      queryKey={["study-plans", planId]}
      load={(api) =>
        unwrap(api.GET("/api/v1/study-plans/{plan_id}", { params: { path: { plan_id: planId } } }))
      }
      notFound={t("studyPlans.notFound")}
    >
      {(plan) =>
        plan.status === "draft" && plan.author_id === user?.id ? (
          <PlanDraft plan={plan} />
        ) : (
          <StudyPlanView plan={plan} />
        )
      }
    </Loaded>
  );
}

export function StudyPlanView({ plan }: { plan: StudyPlan }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <Page title={plan.title}>
      <dl className="facts">
        <dt>{t("studyPlans.week")}</dt>
        <dd>{format.days(plan.week_start, plan.week_end)}</dd>
        <dt>{t("common.subject")}</dt>
        <dd>{plan.subject_name}</dd>
        <dt>{t("common.teacher")}</dt>
        <dd>{plan.author_name}</dd>
        <dt>{t("common.student")}</dt>
        <dd>{plan.student_name}</dd>
        <dt>{t("studyPlans.status")}</dt>
        <dd>
          {label("planStatus", plan.status)}
          {plan.sent_at && <> · {format.dateTime(plan.sent_at)}</>}
        </dd>
      </dl>
      <section aria-labelledby="plan-content" className="card">
        <h2 id="plan-content">{t("studyPlans.content")}</h2>
        {plan.content ? <p className="multiline">{plan.content}</p> : <p>{t("studyPlans.noContent")}</p>}
      </section>
      <PlanFileList plan={plan} />
    </Page>
  );
}
