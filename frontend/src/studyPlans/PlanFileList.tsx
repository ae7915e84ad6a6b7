import type { ReactNode } from "react";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { FileDownload } from "../layout/FileDownload";

type StudyPlan = components["schemas"]["StudyPlanOut"];
export type PlanFile = StudyPlan["files"][number];

interface Props {
  plan: StudyPlan;
  /** What else may be done with a file (its author removes it from a draft). */
  actions?: (file: PlanFile) => ReactNode;
  /** Shown under the list (a draft's attach field). */
  children?: ReactNode;
}

/** A plan's files, each downloaded with the bearer token. */
export function PlanFileList({ plan, actions, children }: Props) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="plan-files" className="card">
      <h2 id="plan-files">{t("studyPlans.files")}</h2>
      {plan.files.length === 0 ? (
        <p>{t("studyPlans.noFiles")}</p>
      ) : (
        <ul className="plain">
          {plan.files.map((file) => (
            <li key={file.id} data-id={file.id}>
              <FileDownload
                name={file.name}
                size={file.size}
                load={(api) =>
                  unwrap(
                    api.GET("/api/v1/study-plans/{plan_id}/files/{file_id}", {
                      params: { path: { plan_id: plan.id, file_id: file.id } },
                      parseAs: "blob",
                    }),
                  )
                }
              />
              {actions?.(file)}
            </li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}
