import { useState } from "react";
import { useParams } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { downloadPlanFile } from "./download";

type StudyPlan = components["schemas"]["StudyPlanOut"];

export function StudyPlanPage() {
  const { planId = "" } = useParams();
  const { t } = useI18n();
  return (
    <Loaded
      queryKey={["study-plans", planId]}
      load={(api) =>
        unwrap(api.GET("/api/v1/study-plans/{plan_id}", { params: { path: { plan_id: planId } } }))
      }
      notFound={t("studyPlans.notFound")}
    >
      {(plan) => <StudyPlanView plan={plan} />}
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
        {plan.content ? <p className="plan-content">{plan.content}</p> : <p>{t("studyPlans.noContent")}</p>}
      </section>
      <section aria-labelledby="plan-files" className="card">
        <h2 id="plan-files">{t("studyPlans.files")}</h2>
        {plan.files.length === 0 ? (
          <p>{t("studyPlans.noFiles")}</p>
        ) : (
          <ul className="plain">
            {plan.files.map((file) => (
              <FileDownload key={file.id} planId={plan.id} file={file} />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function FileDownload({ planId, file }: { planId: string; file: StudyPlan["files"][number] }) {
  const { api } = useApi();
  const { t } = useI18n();
  const format = useFormat();
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");

  async function download() {
    setState("busy");
    try {
      await downloadPlanFile(api, planId, file.id, file.name);
      setState("idle");
    } catch {
      setState("failed");
    }
  }

  return (
    <li data-id={file.id}>
      <button
        type="button"
        className="link-button"
        disabled={state === "busy"}
        onClick={() => void download()}
      >
        {t("studyPlans.download", { name: file.name })}
      </button>{" "}
      <span className="meta">({format.fileSize(file.size)})</span>
      {state === "failed" && (
        <span role="alert" className="error">
          {" "}
          {t("studyPlans.downloadFailed")}
        </span>
      )}
    </li>
  );
}
