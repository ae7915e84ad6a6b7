import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import { useTimeZone } from "../api/config";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { FieldError, fieldProps, GeneralProblem, useProblems } from "../reports/form";
import { nextMonday, WeekSelect } from "./WeekSelect";

type StudyPlan = components["schemas"]["StudyPlanOut"];
type Enrollment = components["schemas"]["EnrollmentOut"];

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
  const { formRef, problems, fail, refuse, clear } = useProblems(FIELDS);
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
      refuse({ student_id: t("reports.plans.chooseEnrollment") });
      return;
    }
    if (send && !window.confirm(t("reports.plans.sendConfirm"))) return;
    clear();
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
      fail(error);
    } finally {
      setBusy(false);
    }
  }

  const whoError = errors.student_id ?? errors.subject_id;
  return (
    <form ref={formRef} className="form plan-form" onSubmit={(event) => void submit(event)} noValidate>
      <GeneralProblem text={problems.general} />
      {plan === undefined && (
        <p className="field">
          <label htmlFor="plan-enrollment">{t("reports.plans.studentSubject")}</label>
          <select
            {...fieldProps("plan-enrollment", whoError)}
            required
            value={enrollmentId}
            onChange={(event) => setEnrollmentId(event.target.value)}
          >
            <option value="">{t("reports.chooseStudent")}</option>
            {enrollments.map((e) => (
              <option key={e.id} value={e.id}>
                {`${e.student_name} — ${e.display_name}`}
              </option>
            ))}
          </select>
          <FieldError id="plan-enrollment" error={whoError} />
        </p>
      )}
      <WeekSelect
        value={values.week_start}
        error={errors.week_start}
        onChange={(week_start) => change({ week_start })}
      />
      <p className="field">
        <label htmlFor="plan-title">{t("reports.titleLabel")}</label>
        <input
          {...fieldProps("plan-title", errors.title)}
          type="text"
          required
          maxLength={200}
          value={values.title}
          onChange={(event) => change({ title: event.target.value })}
        />
        <FieldError id="plan-title" error={errors.title} />
      </p>
      <p className="field">
        <label htmlFor="plan-content">{t("studyPlans.content")}</label>
        <textarea
          {...fieldProps("plan-content", errors.content)}
          rows={8}
          maxLength={20000}
          value={values.content}
          onChange={(event) => change({ content: event.target.value })}
        />
        <FieldError id="plan-content" error={errors.content} />
      </p>
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
