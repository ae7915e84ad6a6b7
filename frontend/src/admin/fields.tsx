import type { ReactNode } from "react";

interface Common {
  id: string;
  label: string;
  /** The platform's (or the form's own) problem with this field. */
  error?: string;
  hint?: string;
}

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Notes({ id, error, hint }: Pick<Common, "id" | "error" | "hint">) {
  return (
    <>
      {hint && (
        <span id={`${id}-hint`} className="admin-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </>
  );
}

interface TextProps extends Common {
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "email" | "tel" | "password" | "search";
  inputMode?: "numeric";
  multiline?: boolean;
  required?: boolean;
  autoComplete?: string;
}

/** A labelled text input (or text area) with its hint and problem tied to it. */
export function TextField({
  id,
  label,
  error,
  hint,
  value,
  onChange,
  type = "text",
  multiline,
  ...rest
}: TextProps) {
  const shared = {
    id,
    value,
    required: rest.required,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, error, hint),
  } as const;
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...shared} rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...shared}
          type={type}
          autoComplete={rest.autoComplete ?? "off"}
          inputMode={rest.inputMode}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <Notes id={id} error={error} hint={hint} />
    </p>
  );
}

interface SelectProps extends Common {
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  disabled?: boolean;
}

export function SelectField({ id, label, error, hint, value, onChange, children, disabled }: SelectProps) {
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        onChange={(event) => onChange(event.target.value)}
      >
        {children}
      </select>
      <Notes id={id} error={error} hint={hint} />
    </p>
  );
}

interface CheckProps extends Common {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckField({ id, label, error, hint, checked, onChange }: CheckProps) {
  return (
    <p className="field admin-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      <Notes id={id} error={error} hint={hint} />
    </p>
  );
}

/** The top of a form: always in the page, so that a problem put in it is announced. */
export function GeneralProblem({ text }: { text: string | null }) {
  return (
    <div role="alert" className="error form-problem" tabIndex={-1}>
      {text && <p>{text}</p>}
    </div>
  );
}
