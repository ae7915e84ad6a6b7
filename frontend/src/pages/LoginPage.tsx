import { useState, type FormEvent } from "react";
import { Navigate, useNavigate } from "react-router";
import { ApiError } from "../api/problem";
import { homeOf, useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { Page } from "../layout/Page";

export function LoginPage() {
  const { status, user, signIn } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  if (status === "signed-in" && user !== null && !busy) return <Navigate to={homeOf(user)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const signedIn = await signIn(email.trim(), password);
      navigate(signedIn.must_change_password ? "/password" : homeOf(signedIn), { replace: true });
    } catch (error) {
      setBusy(false);
      setProblem(describe(error));
    }
  }

  function describe(error: unknown): string[] {
    if (!(error instanceof ApiError)) return [t("common.networkError")];
    const lines = [error.problem.detail];
    if (error.problem.status === 429 && error.retryAfter !== null) {
      lines.push(t("login.retryAfter", { seconds: error.retryAfter }));
    }
    return lines;
  }

  return (
    <Page title={t("login.title")}>
      <form className="form narrow" onSubmit={(event) => void submit(event)} noValidate>
        <p className="field">
          <label htmlFor="login-email">{t("login.email")}</label>
          <input
            id="login-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-describedby={problem ? "login-problem" : undefined}
          />
        </p>
        <p className="field">
          <label htmlFor="login-password">{t("login.password")}</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-describedby={problem ? "login-problem" : undefined}
          />
        </p>
        <div id="login-problem" role="alert" className="error">
          {problem?.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t("login.signingIn") : t("login.submit")}
        </button>
      </form>
    </Page>
  );
}
