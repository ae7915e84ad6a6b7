import { useState } from "react";
import { Link } from "react-router";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { Pager } from "../layout/Pager";

const PAGE_SIZE = 20;

export function StudyPlansPage() {
  const { t, label } = useI18n();
  const format = useFormat();
  const { user } = useSession();
  const [offset, setOffset] = useState(0);
  return (
    <Page title={t("studyPlans.title")}>
      {user?.role === "teacher" && (
        <p>
          <Link className="button" to="/study-plans/new">
            {t("reports.plans.new")}
          </Link>
        </p>
      )}
      <Loaded
        queryKey={["study-plans", "list", offset]}
        load={(api) =>
          unwrap(api.GET("/api/v1/study-plans", { params: { query: { limit: PAGE_SIZE, offset } } }))
        }
      >
        {(page) =>
          page.items.length === 0 ? (
            <p>{t("studyPlans.none")}</p>
          ) : (
            <>
              <table>
                <caption className="visually-hidden">{t("studyPlans.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("studyPlans.plan")}</th>
                    <th scope="col">{t("studyPlans.week")}</th>
                    <th scope="col">{t("common.subject")}</th>
                    <th scope="col">{t("common.student")}</th>
                    <th scope="col">{t("common.teacher")}</th>
                    <th scope="col">{t("studyPlans.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((plan) => (
                    <tr key={plan.id} data-id={plan.id}>
                      <th scope="row">
                        <Link to={`/study-plans/${plan.id}`}>{plan.title}</Link>
                      </th>
                      <td>{format.days(plan.week_start, plan.week_end)}</td>
                      <td>{plan.subject_name}</td>
                      <td>{plan.student_name}</td>
                      <td>{plan.author_name}</td>
                      <td>{label("planStatus", plan.status)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager total={page.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} />
            </>
          )
        }
      </Loaded>
    </Page>
  );
}
