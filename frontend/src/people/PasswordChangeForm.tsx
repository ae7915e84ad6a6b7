import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { TextField } from "../forms/fields";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";

const FIELDS = ["current_password", "new_password"] as const;
const EMPTY = { current_password: "", new_password: "", repeat_password: "" };
const idOf = (field: string) => `change-${field}`;

/** A new password, with the current one; the platform then ends every other session. */
export function PasswordChangeForm() {
  const { api } = useApi();
  const { t } = useI18n();
  const [values, setValues] = useState(EMPTY);
  const problems = useFormProblems<keyof typeof EMPTY>(FIELDS, { withDetail: true });
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/auth/password", {
          body: { current_password: values.current_password, new_password: values.new_password },
        }),
      ),
    onSuccess: () => {
      setValues(EMPTY);
      setDone(true);
    },
    onError: problems.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (values.new_password !== values.repeat_password) {
      problems.show({ repeat_password: t("password.mismatch") });
      return;
    }
    problems.clear();
    change.mutate();
  }

  const field = (name: keyof typeof EMPTY, label: string, autoComplete: string) => (
    <TextField
      id={idOf(name)}
      label={label}
      type="password"
      required
      autoComplete={autoComplete}
      value={values[name]}
      onChange={(value) => setValues((now) => ({ ...now, [name]: value }))}
      error={problems.fields[name]}
    />
  );

  return (
    <form ref={problems.formRef} className="form narrow" onSubmit={submit} noValidate>
      <FormProblem text={problems.top} />
      {field("current_password", t("password.current"), "current-password")}
      {field("new_password", t("password.new"), "new-password")}
      {field("repeat_password", t("password.repeat"), "new-password")}
      <button type="submit" disabled={change.isPending}>
        {t("password.submit")}
      </button>
      <span role="status" className="form-status">
        {done ? t("people.password.changed") : ""}
      </span>
    </form>
  );
}
