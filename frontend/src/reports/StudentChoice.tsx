import { choicesOf, Field, SelectField } from "../forms/fields";
import { FieldError, type FieldProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import type { Candidate, RecipientKind } from "./queries";
import type { Values } from "./ReportFields";

interface ChoiceProps {
  candidates: Candidate[];
  /** A draft's student, who stays the same. */
  fixedName?: string;
  values: Values;
  errors: FieldProblems<keyof Values>;
  onChange: (next: Partial<Values>) => void;
}

/** Whom the report is about, and in which subject (optional). */
export function StudentChoice({ candidates, fixedName, values, errors, onChange }: ChoiceProps) {
  const { t } = useI18n();
  const student = candidates.find((c) => c.id === values.student_id);
  const subjects = student?.subjects ?? [];
  const subjectChoices = choicesOf(subjects);
  // A draft's subject the student no longer learns stays chosen, under a name of its own.
  if (values.subject_id !== "" && !subjects.some((s) => s.id === values.subject_id)) {
    subjectChoices.push({ value: values.subject_id, label: t("reports.formerSubject") });
  }
  return (
    <div className="field-row">
      {fixedName !== undefined ? (
        <Field id="report-student" label={t("common.student")} error={errors.student_id}>
          {(control) => <input {...control} type="text" value={fixedName} readOnly />}
        </Field>
      ) : (
        <SelectField
          id="report-student"
          label={t("common.student")}
          required
          value={values.student_id}
          onChange={(value) => onChange({ student_id: value, subject_id: "" })}
          error={errors.student_id}
          placeholder={t("reports.chooseStudent")}
          options={choicesOf(candidates)}
        />
      )}
      <SelectField
        id="report-subject"
        label={t("common.subject")}
        value={values.subject_id}
        onChange={(value) => onChange({ subject_id: value })}
        error={errors.subject_id}
        placeholder={t("reports.noSubject")}
        options={subjectChoices}
      />
    </div>
  );
}

interface RecipientsProps {
  allowed: RecipientKind[];
  chosen: RecipientKind[];
  /** The student has no parent account: nobody to send a parent's copy to. */
  noParent: boolean;
  error: string | undefined;
  onChange: (chosen: RecipientKind[]) => void;
}

/** The recipients the API allows this author: a teacher's tutor and/or parent, a tutor's parent. */
export function Recipients({ allowed, chosen, noParent, error, onChange }: RecipientsProps) {
  const { t } = useI18n();
  const toggle = (kind: RecipientKind, on: boolean) =>
    onChange(on ? allowed.filter((k) => k === kind || chosen.includes(k)) : chosen.filter((k) => k !== kind));
  return (
    <fieldset>
      <legend>{t("reports.recipients")}</legend>
      {allowed.map((kind) => (
        <label key={kind} className="checkbox">
          <input
            type="checkbox"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "report-recipients-error" : undefined}
            checked={chosen.includes(kind)}
            onChange={(event) => toggle(kind, event.target.checked)}
          />{" "}
          {kind === "tutor" ? t("reports.toTutor") : t("reports.toParent")}
        </label>
      ))}
      {noParent && <p className="meta">{t("reports.noParent")}</p>}
      <FieldError id="report-recipients" error={error} />
    </fieldset>
  );
}
