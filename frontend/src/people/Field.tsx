import type { ReactNode } from "react";

export interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its hint and its error, tied together for screen readers. */
export function Field({ id, label, error, hint, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": described || undefined })}
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </p>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  type?: "text" | "email" | "tel" | "number" | "password";
  required?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  min?: number;
  max?: number;
}

/** A text input (or a text area) inside a Field. */
export function TextField({ value, onChange, type = "text", multiline, ...props }: TextFieldProps) {
  const { required, autoComplete, min, max } = props;
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint}>
      {(control) =>
        multiline ? (
          <textarea
            {...control}
            rows={4}
            required={required}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
        ) : (
          <input
            {...control}
            type={type}
            required={required}
            autoComplete={autoComplete}
            min={min}
            max={max}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
        )
      }
    </Field>
  );
}

/** The top of a form: always in the page, so that screen readers announce what appears in it. */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div role="alert" className="error">
      {message && <p>{message}</p>}
    </div>
  );
}
