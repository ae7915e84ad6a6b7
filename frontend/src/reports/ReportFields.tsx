import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import { FieldError, fieldProps } from "./form";
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
  errors: Record<string, string>;
  onChange: (next: Partial<Values>) => void;
}

/** The report's period, title, texts and percentages, as ReportCreate names them. */
export function ReportFields({ values, errors, onChange }: Props) {
  const { t } = useI18n();

  function input(name: InputName, label: string, type: "text" | "date" | "number") {
    const id = `report-${name.replace("_", "-")}`;
    return (
      <p className="field">
        <label htmlFor={id}>{label}</label>
        <input
          {...fieldProps(id, errors[name])}
          type={type}
          value={values[name]}
          required={type !== "number"}
          maxLength={type === "text" ? 200 : undefined}
          min={type === "number" ? 0 : undefined}
          max={type === "number" ? 100 : undefined}
          step={type === "number" ? 1 : undefined}
          onChange={(event) => onChange({ [name]: event.target.value })}
        />
        <FieldError id={id} error={errors[name]} />
      </p>
    );
  }

  return (
    <>
      <div className="field-row">
        {input("period_start", t("reports.periodStart"), "date")}
        {input("period_end", t("reports.periodEnd"), "date")}
      </div>
      {input("title", t("reports.titleLabel"), "text")}
      {(Object.keys(TEXT_LABELS) as TextName[]).map((name) => {
        const id = `report-${name}`;
        return (
          <p className="field" key={name}>
            <label htmlFor={id}>{t(TEXT_LABELS[name])}</label>
            <textarea
              {...fieldProps(id, errors[name])}
              rows={name === "summary" ? 4 : 3}
              maxLength={20000}
              value={values[name]}
              onChange={(event) => onChange({ [name]: event.target.value })}
            />
            <FieldError id={id} error={errors[name]} />
          </p>
        );
      })}
      <div className="field-row">
        {input("progress_percentage", t("reports.progress"), "number")}
        {input("attendance_percentage", t("reports.attendance"), "number")}
      </div>
    </>
  );
}
