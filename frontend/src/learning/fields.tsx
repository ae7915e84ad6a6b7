import type { ReactNode } from "react";
import { FieldProblem, fieldProps } from "./problems";

interface Common {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

function Field({ id, label, error, hint, children }: Common & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="meta field-hint">
          {hint}
        </span>
      )}
      {children}
      <FieldProblem id={id} error={error} />
    </div>
  );
}

/** aria-describedby: the hint, then the problem (when there is one). */
function described(id: string, error: string | undefined, hint: string | undefined) {
  const props = fieldProps(id, error);
  const ids = [hint ? `${id}-hint` : null, props["aria-describedby"] ?? null].filter(Boolean);
  return { ...props, "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined };
}

interface TextProps extends Common {
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "url" | "number" | "datetime-local";
  rows?: number;
  min?: number;
  max?: number;
}

/** A labelled text input (or, with `rows`, a text area) with its problem tied to it. */
export function TextField({ value, onChange, type = "text", rows, min, max, ...common }: TextProps) {
  const props = { ...described(common.id, common.error, common.hint), required: common.required, value };
  return (
    <Field {...common}>
      {rows ? (
        <textarea {...props} rows={rows} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...props}
          type={type}
          min={min}
          max={max}
          inputMode={type === "number" ? "numeric" : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

interface SelectProps extends Common {
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}

export function SelectField({ value, onChange, options, ...common }: SelectProps) {
  return (
    <Field {...common}>
      <select
        {...described(common.id, common.error, common.hint)}
        required={common.required}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

interface FileProps extends Common {
  onChange: (file: File | null) => void;
}

export function FileField({ onChange, ...common }: FileProps) {
  return (
    <Field {...common}>
      <input
        {...described(common.id, common.error, common.hint)}
        type="file"
        onChange={(event) => onChange(event.target.files?.[0] ?? null)}
      />
    </Field>
  );
}
