import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useApi } from "../api/ApiProvider";
import { ApiError, unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useErrorText } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { PlanFileList } from "./PlanFileList";

type StudyPlan = components["schemas"]["StudyPlanOut"];
type StudyPlanFileUpload = components["schemas"]["StudyPlanFileUpload"];

// What the platform accepts, recognised by content (PlanService.attach, FileInspector.detect).
const ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,.gif,.txt,.docx,.xlsx,.pptx,.mp3,.mp4";
const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_FILES = 10;

/** A draft's files: the author attaches (multipart `file`) and removes them. */
export function PlanFiles({ plan }: { plan: StudyPlan }) {
  const { api } = useApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const path = { params: { path: { plan_id: plan.id } } };
  const reload = () => queryClient.invalidateQueries({ queryKey: ["study-plans", plan.id] });

  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      // FormData is sent as it is (multipart with its boundary); the schema types it as a record.
      const body = form as unknown as StudyPlanFileUpload;
      return unwrap(api.POST("/api/v1/study-plans/{plan_id}/files", { ...path, body }));
    },
    onSuccess: async () => {
      if (input.current) input.current.value = "";
      await reload();
    },
    onError: (error) => {
      const fileError = error instanceof ApiError && error.problem.errors.find((e) => e.field === "file");
      setProblem(fileError ? fileError.message : errorText(error));
      input.current?.focus();
    },
  });

  const remove = useMutation({
    mutationFn: (fileId: string) =>
      unwrap(
        api.DELETE("/api/v1/study-plans/{plan_id}/files/{file_id}", {
          params: { path: { plan_id: plan.id, file_id: fileId } },
        }),
      ),
    onSuccess: reload,
    onError: (error) => setProblem(errorText(error)),
  });

  function attach() {
    setProblem(null);
    const file = input.current?.files?.[0];
    if (file === undefined) setProblem(t("reports.plans.chooseFile"));
    else if (file.size > MAX_BYTES) setProblem(t("reports.plans.fileTooBig"));
    else return upload.mutate(file);
    input.current?.focus();
  }

  const busy = upload.isPending || remove.isPending;
  return (
    <PlanFileList
      plan={plan}
      actions={(file) => (
        <>
          {" "}
          <button
            type="button"
            className="link-button"
            disabled={busy}
            onClick={() => {
              setProblem(null);
              if (window.confirm(t("reports.plans.removeFileConfirm", { name: file.name }))) {
                remove.mutate(file.id);
              }
            }}
          >
            {t("reports.plans.removeFile", { name: file.name })}
          </button>
        </>
      )}
    >
      {plan.files.length < MAX_FILES && (
        <p className="field">
          <label htmlFor="plan-file">{t("reports.plans.attach")}</label>
          <input
            ref={input}
            id="plan-file"
            type="file"
            accept={ACCEPT}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "plan-file-hint plan-file-error" : "plan-file-hint"}
          />
          <button type="button" disabled={busy} onClick={attach}>
            {upload.isPending ? t("reports.plans.uploading") : t("reports.plans.upload")}
          </button>
          <span id="plan-file-hint" className="field-hint">
            {t("reports.plans.fileHint")}
          </span>
        </p>
      )}
      <p id="plan-file-error" role="alert" className="error">
        {problem}
      </p>
    </PlanFileList>
  );
}
