import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { FormAlert, TextField } from "./Field";
import { NO_PROBLEM, formProblem, useFocusFirstError, type FormProblem } from "./formProblem";

const FIELDS = ["current_password", "new_password"] as const;
const EMPTY = { current_password: "", new_password: "", repeat_password: "" };
const idOf = (field: string) => `change-${field}`;

/** A new password, with the current one; the platform then ends every other session. */
export function PasswordChangeForm() {
  const { api } = useApi();
  const { t } = useI18n();
  const [values, setValues] = useState(EMPTY);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [done, setDone] = useState(false);
  useFocusFirstError(problem, idOf);
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
    onError: (error) => setProblem(formProblem(error, FIELDS, t("common.networkError"))),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (values.new_password !== values.repeat_password) {
      setProblem({ fields: { repeat_password: t("password.mismatch") }, top: null });
      return;
    }
    setProblem(NO_PROBLEM);
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
      error={problem.fields[name]}
    />
  );

  return (
    <form className="form narrow" onSubmit={submit} noValidate>
      <FormAlert message={problem.top} />
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
