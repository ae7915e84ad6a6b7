import { TextField } from "../forms/fields";
import type { FieldProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import type { RecipientKind } from "./queries";

export interface Values {
  student_id: string;
  subject_id: string;
  period_start: string;
  period_end: string;
  title: string;
  summary: string;
  achievements: string;
  concerns: string;
  recommendations: string;
  progress_percentage: string;
  attendance_percentage: string;
  recipients: RecipientKind[];
}

type TextName = "summary" | "achievements" | "concerns" | "recommendations";
type InputName = "period_start" | "period_end" | "title" | "progress_percentage" | "attendance_percentage";

export const TEXT_LABELS: Record<TextName, MessageKey> = {
  summary: "reports.summary",
  achievements: "reports.achievements",
  concerns: "reports.concerns",
  recommendations: "reports.recommendations",
};

interface Props {
  values: Values;
  errors: FieldProblems<keyof Values>;
  onChange: (next: Partial<Values>) => void;
}

/** The report's period, title, texts and percentages, as ReportCreate names them. */
export function ReportFields({ values, errors, onChange }: Props) {
  const { t } = useI18n();

  function input(name: InputName, label: string, type: "text" | "date" | "number") {
    const number = type === "number";
    return (
      <TextField
        id={`report-${name.replace("_", "-")}`}
        label={label}
        type={type}
        value={values[name]}
        required={!number}
        maxLength={type === "text" ? 200 : undefined}
        min={number ? 0 : undefined}
        max={number ? 100 : undefined}
        step={number ? 1 : undefined}
        onChange={(value) => onChange({ [name]: value })}
        error={errors[name]}
      />
    );
  }

  return (
    <>
      <div className="field-row">
        {input("period_start", t("reports.periodStart"), "date")}
        {input("period_end", t("reports.periodEnd"), "date")}
      </div>
      {input("title", t("reports.titleLabel"), "text")}
      {(Object.keys(TEXT_LABELS) as TextName[]).map((name) => (
        <TextField
          key={name}
          id={`report-${name}`}
          label={t(TEXT_LABELS[name])}
          rows={name === "summary" ? 4 : 3}
          maxLength={20000}
          value={values[name]}
          onChange={(value) => onChange({ [name]: value })}
          error={errors[name]}
        />
      ))}
      <div className="field-row">
        {input("progress_percentage", t("reports.progress"), "number")}
        {input("attendance_percentage", t("reports.attendance"), "number")}
      </div>
    </>
  );
}
