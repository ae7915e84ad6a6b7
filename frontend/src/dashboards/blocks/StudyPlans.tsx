import { Link } from "react-router";
import type { components } from "../../api/schema";
import { useI18n } from "../../i18n/I18nProvider";
import { useFormat } from "../../i18n/useFormat";
import { Section } from "./Section";

type PlanCard = components["schemas"]["PlanCard"];

export function StudyPlansBlock({ plans, showStudent }: { plans: PlanCard[]; showStudent: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Section id="study-plans" title={t("dashboard.studyPlans")} empty={plans.length === 0}>
      <ul className="items">
        {plans.map((plan) => (
          <li key={plan.plan_id} data-id={plan.plan_id}>
            <Link to={`/study-plans/${plan.plan_id}`}>{plan.title}</Link>
            <span className="meta">
              {" "}
              · {plan.subject_name} · {format.days(plan.week_start, plan.week_end)} · {t("common.teacher")}:{" "}
              {plan.teacher.name}
              {showStudent && (
                <>
                  {" "}
                  · {t("common.student")}: {plan.student.name}
                </>
              )}
              {plan.files > 0 && <> · {t("dashboard.planFiles", { count: plan.files })}</>}
              {plan.sent_at && <> · {t("dashboard.sentAt", { when: format.dateTime(plan.sent_at) })}</>}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
