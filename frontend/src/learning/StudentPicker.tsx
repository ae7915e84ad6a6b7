import { FieldError } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import type { Option } from "./api";

interface Props {
  id: string;
  students: Option[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error: string | undefined;
  disabled?: boolean;
}

/** Checkboxes of the teacher's enrolled students in the chosen subject. */
export function StudentPicker({ id, students, chosen, onChange, error, disabled = false }: Props) {
  const { t } = useI18n();
  function toggle(studentId: string, on: boolean) {
    onChange(on ? [...chosen, studentId] : chosen.filter((other) => other !== studentId));
  }
  return (
    <fieldset
      className="field student-picker"
      data-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
      tabIndex={error ? -1 : undefined}
    >
      <legend>{t("learning.students")}</legend>
      {students.length === 0 ? (
        <p className="meta">{t("learning.noStudents")}</p>
      ) : (
        <ul className="plain">
          {students.map((student) => (
            <li key={student.id}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  value={student.id}
                  disabled={disabled}
                  checked={chosen.includes(student.id)}
                  onChange={(event) => toggle(student.id, event.target.checked)}
                />{" "}
                {student.name}
              </label>
            </li>
          ))}
        </ul>
      )}
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
