import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { TextField } from "../forms/fields";
import { FormProblem, useFormProblems, type FieldProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { keys, refresh, type MaterialDetail } from "./api";

const FIELDS = ["progress_percentage", "time_spent_minutes"] as const;
type Field = (typeof FIELDS)[number];
/** The platform takes at most a day of study in one record. */
export const MAX_MINUTES = 1440;

/** A whole number within the bounds, or null. */
function wholeWithin(text: string, low: number, high: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return value >= low && value <= high ? value : null;
}

/** The student's own progress on a material: how far (replaces) and minutes spent now (added up). */
export function ProgressForm({ material }: { material: MaterialDetail }) {
  const { api } = useApi();
  const { t } = useI18n();
  const format = useFormat();
  const queryClient = useQueryClient();
  const progress = material.progress;
  const [percent, setPercent] = useState(String(progress?.progress_percentage ?? 0));
  const [minutes, setMinutes] = useState("0");
  const [saved, setSaved] = useState(false);
  const problems = useFormProblems(FIELDS);

  const record = useMutation({
    mutationFn: (body: { progress_percentage: number; time_spent_minutes: number }) =>
      unwrap(
        api.POST("/api/v1/materials/{material_id}/progress", {
          params: { path: { material_id: material.id } },
          body,
        }),
      ),
    onSuccess: async () => {
      setMinutes("0");
      setSaved(true);
      await refresh(queryClient, keys.materials);
    },
    onError: problems.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const percentage = wholeWithin(percent, 0, 100);
    const spent = wholeWithin(minutes, 0, MAX_MINUTES);
    const found: FieldProblems<Field> = {};
    if (percentage === null) found.progress_percentage = t("learning.percentRange");
    if (spent === null) found.time_spent_minutes = t("learning.minutesRange", { max: MAX_MINUTES });
    if (percentage === null || spent === null) return problems.show(found);
    problems.clear();
    record.mutate({ progress_percentage: percentage, time_spent_minutes: spent });
  }

  return (
    <section aria-labelledby="own-progress" className="card">
      <h2 id="own-progress">{t("learning.ownProgress")}</h2>
      <p>
        <label>
          {t("learning.progress")}: {format.percent(progress?.progress_percentage ?? 0)}{" "}
          <progress max={100} value={progress?.progress_percentage ?? 0} />
        </label>
        <br />
        <span className="meta">
          {t("learning.timeSpent")}: {format.minutes(progress?.time_spent_minutes ?? 0)}
          {progress?.completed_at && (
            <> · {t("learning.completedAt", { when: format.dateTime(progress.completed_at) })}</>
          )}
        </span>
      </p>
      <form ref={problems.formRef} className="form narrow" noValidate onSubmit={submit}>
        <FormProblem text={problems.top} />
        <TextField
          id="progress-percentage"
          label={t("learning.percentLabel")}
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          value={percent}
          onChange={setPercent}
          error={problems.fields.progress_percentage}
        />
        <TextField
          id="progress-minutes"
          label={t("learning.minutesLabel")}
          hint={t("learning.minutesHint")}
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_MINUTES}
          value={minutes}
          onChange={setMinutes}
          error={problems.fields.time_spent_minutes}
        />
        <button type="submit" disabled={record.isPending}>
          {record.isPending ? t("learning.saving") : t("learning.saveProgress")}
        </button>
        <span role="status" className="form-status">
          {saved && t("learning.progressSaved")}
        </span>
      </form>
    </section>
  );
}
