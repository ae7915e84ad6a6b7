import { useId, useState } from "react";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";

type Credentials = components["schemas"]["CredentialsOut"];

/**
 * A login and password the platform returns once (a new account, a reset): shown with copy
 * buttons and the warning that they will not be shown again. `who` names the account.
 */
export function OneTimeCredentials({ credentials, who }: { credentials: Credentials; who: string }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <section className="credentials" role="alert" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("credentials.title", { who })}</h2>
      <p>{t("credentials.warning")}</p>
      <CopyField label={t("credentials.login")} value={credentials.login} />
      <CopyField label={t("credentials.password")} value={credentials.password} />
    </section>
  );
}

function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard (an insecure page or a refusal): the text stays selectable in the field.
      document.getElementById(id)?.focus();
    }
  }

  return (
    <p className="copy-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
      <button type="button" onClick={() => void copy()} aria-label={t("credentials.copy", { what: label })}>
        {copied ? t("credentials.copied") : t("credentials.copyShort")}
      </button>
    </p>
  );
}
