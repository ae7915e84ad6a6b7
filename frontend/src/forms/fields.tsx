import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldError, fieldProps } from "./problems";

interface Common {
  id: string;
  label: string;
  /** The platform's (or the form's own) problem with this field. */
  error?: string;
  hint?: string;
}

/** What a control takes to be tied to its label, its hint and its problem. */
export type ControlProps = ReturnType<typeof fieldProps>;

function Notes({ id, error, hint }: Omit<Common, "label">) {
  return (
    <>
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      <FieldError id={id} error={error} />
    </>
  );
}

/** A labelled control of any kind, with its hint and its problem under it. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: Common & { children: (control: ControlProps) => ReactNode }) {
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      {children(fieldProps(id, error, hint))}
      <Notes id={id} error={error} hint={hint} />
    </p>
  );
}

type InputAttributes = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  "type" | "required" | "autoComplete" | "inputMode" | "min" | "max" | "step" | "maxLength" | "placeholder"
>;

interface TextProps extends Common, InputAttributes {
  value: string;
  onChange: (value: string) => void;
  /** A text area of this many rows instead of a one-line input. */
  rows?: number;
}

/** A labelled text input (or, with `rows`, a text area). */
export function TextField({
  id,
  label,
  error,
  hint,
  value,
  onChange,
  rows,
  type = "text",
  ...attributes
}: TextProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(control) =>
        rows ? (
          <textarea
            {...control}
            rows={rows}
            required={attributes.required}
            maxLength={attributes.maxLength}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
        ) : (
          <input
            {...control}
            {...attributes}
            type={type}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
        )
      }
    </Field>
  );
}

/** One option of a select. */
export interface Choice {
  value: string;
  label: string;
}

/** The options of things that have an id and a name (students, subjects, teachers). */
export function choicesOf(items: readonly { id: string; name: string }[]): Choice[] {
  return items.map((item) => ({ value: item.id, label: item.name }));
}

interface SelectProps extends Common {
  value: string;
  onChange: (value: string) => void;
  options: readonly Choice[];
  /** A first option with no value: "choose…", or what no choice means ("any role"). */
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
}

export function SelectField({
  value,
  onChange,
  options,
  placeholder,
  required,
  disabled,
  ...common
}: SelectProps) {
  return (
    <Field {...common}>
      {(control) => (
        <select
          {...control}
          required={required}
          disabled={disabled}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface FileProps extends Common {
  onChange: (file: File | null) => void;
  accept?: string;
}

export function FileField({ onChange, accept, ...common }: FileProps) {
  return (
    <Field {...common}>
      {(control) => (
        <input
          {...control}
          type="file"
          accept={accept}
          onChange={(event) => onChange(event.target.files?.[0] ?? null)}
        />
      )}
    </Field>
  );
}

interface CheckProps extends Common {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** A checkbox before its label. */
export function CheckField({ id, label, error, hint, checked, onChange }: CheckProps) {
  return (
    <p className="field check-field">
      <input
        {...fieldProps(id, error, hint)}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      <Notes id={id} error={error} hint={hint} />
    </p>
  );
}
