import { useState, type ReactNode } from "react";
import { useApi } from "../api/ApiProvider";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { downloadPlanFile } from "./download";

type StudyPlan = components["schemas"]["StudyPlanOut"];

/** A file of a plan: fetched with the bearer token and handed to the browser as a download. */
export function FileDownload({
  planId,
  file,
  children,
}: {
  planId: string;
  file: StudyPlan["files"][number];
  /** What else may be done with the file (its author removes it from a draft). */
  children?: ReactNode;
}) {
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
      {children}
    </li>
  );
}
