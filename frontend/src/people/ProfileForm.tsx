import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { SESSION_KEY } from "../auth/session";
import { TextField } from "../forms/fields";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import {
  EDITABLE,
  changesOf,
  notWholeNumbers,
  valuesOf,
  type Account,
  type ProfileField,
  type ProfileUpdate,
} from "./profileFields";

export const PROFILE_KEY = ["people", "profile"] as const;
const idOf = (field: string) => `profile-${field}`;

/** One's own editable fields; only what changed is sent, and the header follows the change. */
export function ProfileForm({ account }: { account: Account }) {
  const { api } = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const role = account.user.role;
  const [saved, setSaved] = useState(() => valuesOf(account));
  const [values, setValues] = useState(saved);
  const [status, setStatus] = useState<string | null>(null);
  const fields = EDITABLE[role];
  const problems = useFormProblems(
    fields.map((field) => field.name),
    { withDetail: true },
  );
  const save = useMutation({
    mutationFn: (body: ProfileUpdate) => unwrap(api.PATCH("/api/v1/profile", { body })),
    onSuccess: (updated) => {
      const now = valuesOf(updated);
      setSaved(now);
      setValues(now);
      setStatus(t("people.profile.saved"));
      queryClient.setQueryData(PROFILE_KEY, updated);
      queryClient.setQueryData(SESSION_KEY, updated.user);
    },
    onError: problems.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    const wrong = notWholeNumbers(role, values);
    if (wrong.length > 0) {
      problems.show(Object.fromEntries(wrong.map((name) => [name, t("people.wholeNumber")])));
      return;
    }
    problems.clear();
    const body = changesOf(role, saved, values);
    if (Object.keys(body).length === 0) setStatus(t("people.profile.unchanged"));
    else save.mutate(body);
  }

  function control(field: ProfileField) {
    const label = t(`people.${field.name}` as MessageKey);
    const value = values[field.name];
    if (field.kind === "flag") {
      return (
        <p className="field checkbox" key={field.name}>
          <label>
            <input
              type="checkbox"
              checked={value === true}
              onChange={(event) => setValues((now) => ({ ...now, [field.name]: event.target.checked }))}
            />{" "}
            {label}
          </label>
        </p>
      );
    }
    return (
      <TextField
        key={field.name}
        id={idOf(field.name)}
        label={label}
        type={field.kind === "multiline" || field.kind === "text" ? "text" : field.kind}
        rows={field.kind === "multiline" ? 4 : undefined}
        min={field.min}
        max={field.max}
        required={!field.nullable}
        hint={
          field.name === "phone"
            ? t("people.phoneHint")
            : field.name === "telegram"
              ? t("people.telegramHint")
              : undefined
        }
        value={typeof value === "string" ? value : ""}
        onChange={(text) => setValues((now) => ({ ...now, [field.name]: text }))}
        error={problems.fields[field.name]}
      />
    );
  }

  return (
    <form ref={problems.formRef} className="form narrow" onSubmit={submit} noValidate>
      <FormProblem text={problems.top} />
      {fields.map(control)}
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? t("people.saving") : t("people.profile.save")}
      </button>
      <span role="status" className="form-status">
        {status}
      </span>
    </form>
  );
}
