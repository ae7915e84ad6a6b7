import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import { useTimeZone } from "../api/config";
import { unwrap } from "../api/problem";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { addDays, todayIn } from "./days";
import { refreshReports, reportKey, type Candidate, type RecipientKind, type Report } from "./queries";
import { ReportFields, type Values } from "./ReportFields";
import { Recipients, StudentChoice } from "./StudentChoice";

const FIELDS = [
  "student_id",
  "subject_id",
  "period_start",
  "period_end",
  "title",
  "summary",
  "achievements",
  "concerns",
  "recommendations",
  "progress_percentage",
  "attendance_percentage",
  "recipients",
] as const;

interface Props {
  /** The students one may write about. */
  candidates: Candidate[];
  /** Whom one may write to. */
  allowed: RecipientKind[];
  /** A draft being changed; a new report without it. */
  report?: Report;
}

function initialValues(report: Report | undefined, allowed: RecipientKind[], today: string): Values {
  const text = (value: string | null | undefined) => value ?? "";
  const number = (value: number | null | undefined) =>
    value === null || value === undefined ? "" : String(value);
  return {
    student_id: text(report?.student_id),
    subject_id: text(report?.subject_id),
    period_start: report?.period_start ?? addDays(today, -27),
    period_end: report?.period_end ?? today,
    title: text(report?.title),
    summary: text(report?.summary),
    achievements: text(report?.achievements),
    concerns: text(report?.concerns),
    recommendations: text(report?.recommendations),
    progress_percentage: number(report?.progress_percentage),
    attendance_percentage: number(report?.attendance_percentage),
    recipients: report ? (report.recipients.map((r) => r.role) as RecipientKind[]) : allowed,
  };
}

/** Writing a report (or changing a draft): saved as a draft, or sent to its recipients. */
export function ReportForm({ candidates, allowed, report }: Props) {
  const { api } = useApi();
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState<Values>(() => initialValues(report, allowed, todayIn(timeZone)));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const intent = useRef<"save" | "send">("save");
  const problems = useFormProblems(FIELDS, { fixMarked: t("reports.fixFields") });

  const change = (next: Partial<Values>) => {
    setSaved(false);
    setValues((now) => ({ ...now, ...next }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const send = intent.current === "send";
    if (values.student_id === "") {
      problems.show({ student_id: t("reports.chooseStudentError") });
      return;
    }
    if (send && !window.confirm(t("reports.sendConfirm"))) return;
    problems.clear();
    setSaved(false);
    setBusy(true);
    const numberOf = (text: string) => (text.trim() === "" ? null : Number(text));
    const content = {
      period_start: values.period_start,
      period_end: values.period_end,
      title: values.title,
      subject_id: values.subject_id || null,
      summary: values.summary || null,
      achievements: values.achievements || null,
      concerns: values.concerns || null,
      recommendations: values.recommendations || null,
      progress_percentage: numberOf(values.progress_percentage),
      attendance_percentage: numberOf(values.attendance_percentage),
      recipients: values.recipients,
    };
    try {
      let result: Report;
      if (report === undefined) {
        result = await unwrap(
          api.POST("/api/v1/reports", { body: { ...content, student_id: values.student_id, send } }),
        );
      } else {
        const path = { params: { path: { report_id: report.id } } };
        result = await unwrap(api.PATCH("/api/v1/reports/{report_id}", { ...path, body: content }));
        if (send) result = await unwrap(api.POST("/api/v1/reports/{report_id}/send", path));
      }
      queryClient.setQueryData(reportKey(result.id), result);
      await refreshReports(queryClient);
      if (report === undefined) navigate(`/reports/${result.id}`);
      else setSaved(true);
    } catch (error) {
      problems.fail(error);
    } finally {
      setBusy(false);
    }
  }

  const student = candidates.find((c) => c.id === values.student_id);
  return (
    <form
      ref={problems.formRef}
      className="form report-form"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <FormProblem text={problems.top} />
      <StudentChoice
        candidates={candidates}
        fixedName={report?.student_name}
        values={values}
        errors={problems.fields}
        onChange={change}
      />
      <ReportFields values={values} errors={problems.fields} onChange={change} />
      <Recipients
        allowed={allowed}
        chosen={values.recipients}
        noParent={student?.hasParent === false}
        error={problems.fields.recipients}
        onChange={(recipients) => change({ recipients })}
      />
      <p className="toolbar">
        <button type="submit" className="secondary" disabled={busy} onClick={() => (intent.current = "save")}>
          {t("reports.saveDraft")}
        </button>
        <button type="submit" disabled={busy} onClick={() => (intent.current = "send")}>
          {t("reports.send")}
        </button>
        <span role="status">{busy ? t("reports.saving") : saved ? t("reports.saved") : ""}</span>
      </p>
    </form>
  );
}
