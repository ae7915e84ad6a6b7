import { useI18n } from "../i18n/I18nProvider";
import { FieldError, fieldProps } from "./form";
import type { Candidate, RecipientKind } from "./queries";
import type { Values } from "./ReportFields";

interface ChoiceProps {
  candidates: Candidate[];
  /** A draft's student, who stays the same. */
  fixedName?: string;
  values: Values;
  errors: Record<string, string>;
  onChange: (next: Partial<Values>) => void;
}

/** Whom the report is about, and in which subject (optional). */
export function StudentChoice({ candidates, fixedName, values, errors, onChange }: ChoiceProps) {
  const { t } = useI18n();
  const student = candidates.find((c) => c.id === values.student_id);
  const subjects = student?.subjects ?? [];
  return (
    <div className="field-row">
      <p className="field">
        <label htmlFor="report-student">{t("common.student")}</label>
        {fixedName !== undefined ? (
          <input id="report-student" type="text" value={fixedName} readOnly />
        ) : (
          <select
            {...fieldProps("report-student", errors.student_id)}
            required
            value={values.student_id}
            onChange={(event) => onChange({ student_id: event.target.value, subject_id: "" })}
          >
            <option value="">{t("reports.chooseStudent")}</option>
            {candidates.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        )}
        <FieldError id="report-student" error={errors.student_id} />
      </p>
      <p className="field">
        <label htmlFor="report-subject">{t("common.subject")}</label>
        <select
          {...fieldProps("report-subject", errors.subject_id)}
          value={values.subject_id}
          onChange={(event) => onChange({ subject_id: event.target.value })}
        >
          <option value="">{t("reports.noSubject")}</option>
          {subjects.map((subject) => (
            <option key={subject.id} value={subject.id}>
              {subject.name}
            </option>
          ))}
          {values.subject_id !== "" && !subjects.some((s) => s.id === values.subject_id) && (
            <option value={values.subject_id}>{t("reports.formerSubject")}</option>
          )}
        </select>
        <FieldError id="report-subject" error={errors.subject_id} />
      </p>
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
