import { TextField } from "../forms/fields";
import type { FieldProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";

export interface Times {
  date: string;
  start: string;
  end: string;
}

export type TimeField = keyof Times;

interface Props {
  /** Makes the ids of this form's fields unique on the page. */
  idPrefix: string;
  values: Times;
  errors: FieldProblems<TimeField>;
  onChange: (values: Times) => void;
}

/** The day and the start and end times of a lesson, in the school's time zone. */
export function TimeFields({ idPrefix, values, errors, onChange }: Props) {
  const { t } = useI18n();
  const fields: { name: TimeField; label: string; type: "date" | "time" }[] = [
    { name: "date", label: t("schedule.date"), type: "date" },
    { name: "start", label: t("schedule.startTime"), type: "time" },
    { name: "end", label: t("schedule.endTime"), type: "time" },
  ];
  return (
    <div className="time-fields">
      {fields.map(({ name, label, type }) => (
        <TextField
          key={name}
          id={`${idPrefix}-${name}`}
          label={label}
          type={type}
          required
          value={values[name]}
          onChange={(value) => onChange({ ...values, [name]: value })}
          error={errors[name]}
        />
      ))}
    </div>
  );
}

/** What is missing before the times can be sent at all. */
export function missingTimes(values: Times, message: string) {
  const missing: FieldProblems<TimeField> = {};
  for (const name of ["date", "start", "end"] as const) {
    if (!values[name]) missing[name] = message;
  }
  return missing;
}

/** The API's field names of the times, as this form's fields. */
export const TIME_FIELDS: Record<string, TimeField> = { start_at: "start", end_at: "end" };
