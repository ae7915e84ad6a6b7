import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import { useTimeZone } from "../api/config";
import type { Enrollment } from "../api/enrollments";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { SelectField, TextField } from "../forms/fields";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { nextMonday, WeekSelect } from "./WeekSelect";

type StudyPlan = components["schemas"]["StudyPlanOut"];

const FIELDS = ["student_id", "subject_id", "week_start", "title", "content"] as const;

interface Props {
  /** A draft being changed; a new plan without it. */
  plan?: StudyPlan;
  /** For a new plan: the teacher's active enrollments, one of which it is for. */
  enrollments?: Enrollment[];
  /** Shown between the fields and the buttons (a draft's files). */
  children?: ReactNode;
}

/** A teacher writes a weekly plan, or changes a draft and sends it. */
export function PlanForm({ plan, enrollments = [], children }: Props) {
  const { api } = useApi();
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [enrollmentId, setEnrollmentId] = useState("");
  const [values, setValues] = useState(() => ({
    week_start: plan?.week_start ?? nextMonday(timeZone),
    title: plan?.title ?? "",
    content: plan?.content ?? "",
  }));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const intent = useRef<"save" | "send">("save");
  const problems = useFormProblems(FIELDS, { fixMarked: t("reports.fixFields") });
  const errors = problems.fields;

  const change = (next: Partial<typeof values>) => {
    setSaved(false);
    setValues((now) => ({ ...now, ...next }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const send = plan !== undefined && intent.current === "send";
    const enrollment = enrollments.find((e) => e.id === enrollmentId);
    if (plan === undefined && enrollment === undefined) {
      problems.show({ student_id: t("reports.plans.chooseEnrollment") });
      return;
    }
    if (send && !window.confirm(t("reports.plans.sendConfirm"))) return;
    problems.clear();
    setSaved(false);
    setBusy(true);
    try {
      let result: StudyPlan;
      if (plan !== undefined) {
        const path = { params: { path: { plan_id: plan.id } } };
        result = await unwrap(api.PATCH("/api/v1/study-plans/{plan_id}", { ...path, body: values }));
        if (send) result = await unwrap(api.POST("/api/v1/study-plans/{plan_id}/send", path));
      } else {
        const who = { student_id: enrollment?.student_id ?? "", subject_id: enrollment?.subject_id ?? "" };
        result = await unwrap(api.POST("/api/v1/study-plans", { body: { ...values, ...who } }));
      }
      queryClient.setQueryData(["study-plans", result.id], result);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["study-plans", "list"] }),
        queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
      ]);
      if (plan === undefined) navigate(`/study-plans/${result.id}`);
      else setSaved(true);
    } catch (error) {
      problems.fail(error);
    } finally {
      setBusy(false);
    }
  }

  const whoError = errors.student_id ?? errors.subject_id;
  return (
    <form
      ref={problems.formRef}
      className="form plan-form"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <FormProblem text={problems.top} />
      {plan === undefined && (
        <SelectField
          id="plan-enrollment"
          label={t("reports.plans.studentSubject")}
          required
          value={enrollmentId}
          onChange={setEnrollmentId}
          error={whoError}
          placeholder={t("reports.chooseStudent")}
          options={enrollments.map((e) => ({ value: e.id, label: `${e.student_name} — ${e.display_name}` }))}
        />
      )}
      <WeekSelect
        value={values.week_start}
        error={errors.week_start}
        onChange={(week_start) => change({ week_start })}
      />
      <TextField
        id="plan-title"
        label={t("reports.titleLabel")}
        required
        maxLength={200}
        value={values.title}
        onChange={(title) => change({ title })}
        error={errors.title}
      />
      <TextField
        id="plan-content"
        label={t("studyPlans.content")}
        rows={8}
        maxLength={20000}
        value={values.content}
        onChange={(content) => change({ content })}
        error={errors.content}
      />
      {children}
      <p className="toolbar">
        <button type="submit" className="secondary" disabled={busy} onClick={() => (intent.current = "save")}>
          {plan === undefined ? t("reports.plans.create") : t("reports.saveDraft")}
        </button>
        {plan !== undefined && (
          <button type="submit" disabled={busy} onClick={() => (intent.current = "send")}>
            {t("reports.plans.send")}
          </button>
        )}
        <span role="status">{busy ? t("reports.saving") : saved ? t("reports.saved") : ""}</span>
      </p>
    </form>
  );
}
