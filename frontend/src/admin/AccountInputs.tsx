import { CheckField, TextField } from "../forms/fields";
import type { FieldProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import {
  FLAGS,
  LONG_TEXTS,
  NUMBERS,
  REQUIRED_PROFILE,
  ROLE_FIELDS,
  USER_FIELDS,
  type FieldName,
  type Role,
  type Values,
} from "./accountFields";

const HINTS: Partial<Record<FieldName, MessageKey>> = {
  phone: "admin.hint.phone",
  telegram: "admin.hint.telegram",
  grade: "admin.hint.grade",
};
const TYPES: Partial<Record<FieldName, "email" | "tel">> = { email: "email", phone: "tel" };

interface Props {
  /** Prefix of the inputs' ids (two forms may be on one page). */
  idPrefix: string;
  role: Role;
  values: Values;
  onChange: (name: FieldName, value: string | boolean) => void;
  errors: FieldProblems<string>;
  /** Mark what a new account cannot do without. */
  creating?: boolean;
}

/** The inputs of an account: name, email and phone, then the profile fields of its role. */
export function AccountInputs({ idPrefix, role, values, onChange, errors, creating = false }: Props) {
  const { t, label } = useI18n();

  function input(name: FieldName) {
    const id = `${idPrefix}-${name}`;
    const text = t(`admin.field.${name}` as MessageKey);
    const required =
      creating &&
      (name === "first_name" || name === "last_name" || name === "email" || REQUIRED_PROFILE[role] === name);
    if (FLAGS.has(name)) {
      return (
        <CheckField
          key={name}
          id={id}
          label={text}
          checked={values[name] === true}
          error={errors[name]}
          onChange={(checked) => onChange(name, checked)}
        />
      );
    }
    const hint = HINTS[name];
    return (
      <TextField
        key={name}
        id={id}
        label={required ? `${text} ${t("admin.requiredMark")}` : text}
        value={String(values[name])}
        required={required}
        type={TYPES[name]}
        autoComplete="off"
        rows={LONG_TEXTS.has(name) ? 3 : undefined}
        // Text, not type="number": a browser empties a number input holding a typo, this keeps it.
        inputMode={NUMBERS.has(name) ? "numeric" : undefined}
        hint={hint ? t(hint) : undefined}
        error={errors[name]}
        onChange={(value) => onChange(name, value)}
      />
    );
  }

  return (
    <>
      <fieldset>
        <legend>{t("admin.account")}</legend>
        {USER_FIELDS.map(input)}
      </fieldset>
      {ROLE_FIELDS[role].length > 0 && (
        <fieldset>
          <legend>{t("admin.profileOf", { role: label("role", role) })}</legend>
          {ROLE_FIELDS[role].map(input)}
        </fieldset>
      )}
    </>
  );
}
