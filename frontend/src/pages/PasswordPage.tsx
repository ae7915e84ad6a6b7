import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import { ApiError, unwrap, type FieldError } from "../api/problem";
import { homeOf, useSession } from "../auth/session";
import { TextField } from "../forms/fields";
import { useI18n } from "../i18n/I18nProvider";
import { Page } from "../layout/Page";

type Field = "current_password" | "new_password" | "repeat_password";

export function PasswordPage() {
  const { api } = useApi();
  const { user, reload } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Field, string>>({
    current_password: "",
    new_password: "",
    repeat_password: "",
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (values.new_password !== values.repeat_password) {
      setErrors({ repeat_password: t("password.mismatch") });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await unwrap(
        api.POST("/api/v1/auth/password", {
          body: { current_password: values.current_password, new_password: values.new_password },
        }),
      );
      await reload();
      navigate(user ? homeOf(user) : "/", { replace: true });
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setProblem(t("common.networkError"));
      } else {
        const byField = fieldErrors(error.problem.errors);
        setErrors(byField);
        if (Object.keys(byField).length === 0) setProblem(error.problem.detail);
      }
    } finally {
      setBusy(false);
    }
  }

  function field(name: Field, text: string, autoComplete: string) {
    return (
      <TextField
        id={`password-${name}`}
        label={text}
        type="password"
        autoComplete={autoComplete}
        required
        value={values[name]}
        onChange={(value) => setValues((now) => ({ ...now, [name]: value }))}
        error={errors[name]}
      />
    );
  }

  return (
    <Page title={t("password.title")}>
      {user?.must_change_password && <p>{t("password.mustChange")}</p>}
      <form className="form narrow" onSubmit={(event) => void submit(event)} noValidate>
        {field("current_password", t("password.current"), "current-password")}
        {field("new_password", t("password.new"), "new-password")}
        {field("repeat_password", t("password.repeat"), "new-password")}
        <div role="alert" className="error">
          {problem && <p>{problem}</p>}
        </div>
        <button type="submit" disabled={busy}>
          {t("password.submit")}
        </button>
      </form>
    </Page>
  );
}

function fieldErrors(errors: FieldError[]): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {};
  for (const error of errors) {
    if (error.field === "current_password" || error.field === "new_password") {
      found[error.field] = found[error.field] ? `${found[error.field]}; ${error.message}` : error.message;
    }
  }
  return found;
}
