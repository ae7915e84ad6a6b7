import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useErrorText } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { OneTimeCredentials } from "../layout/OneTimeCredentials";
import type { Account } from "./accountFields";
import { ConfirmButton } from "./ConfirmButton";

type Credentials = components["schemas"]["CredentialsOut"];
type Outcome =
  | { kind: "done"; text: string }
  | { kind: "failed"; text: string }
  | { kind: "credentials"; credentials: Credentials };

/** Sign-in of one account: a new one-time password, deactivation and reactivation. */
export function AccountActions({ account }: { account: Account }) {
  const { api } = useApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const result = useRef<HTMLDivElement>(null);
  const { user } = account;
  const path = { params: { path: { user_id: user.id } } };

  useEffect(() => {
    if (outcome) result.current?.focus();
  }, [outcome]);

  const settled = {
    onError: (error: Error) => setOutcome({ kind: "failed", text: errorText(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["admin"] }),
  };
  const reset = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/admin/users/{user_id}/reset-password", path)),
    onSuccess: (answer) => setOutcome({ kind: "credentials", credentials: answer.credentials }),
    ...settled,
  });
  const deactivate = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/admin/users/{user_id}", path)),
    onSuccess: () => setOutcome({ kind: "done", text: t("admin.actions.deactivated") }),
    ...settled,
  });
  const activate = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/admin/users/{user_id}/activate", path)),
    onSuccess: () => setOutcome({ kind: "done", text: t("admin.actions.activated") }),
    ...settled,
  });
  const busy = reset.isPending || deactivate.isPending || activate.isPending;
  const start = (run: () => void) => () => {
    setOutcome(null);
    run();
  };

  return (
    <section className="card" aria-labelledby="account-actions">
      <h2 id="account-actions">{t("admin.actions.title")}</h2>
      <div className="admin-actions">
        {user.is_active && (
          <ConfirmButton
            label={t("admin.actions.reset")}
            question={t("admin.actions.resetQuestion", { name: user.full_name })}
            yes={t("admin.actions.resetYes")}
            busy={busy}
            onConfirm={start(() => reset.mutate())}
          />
        )}{" "}
        {user.is_active ? (
          <ConfirmButton
            danger
            label={t("admin.actions.deactivate")}
            question={t("admin.actions.deactivateQuestion", { name: user.full_name })}
            yes={t("admin.actions.deactivateYes")}
            busy={busy}
            onConfirm={start(() => deactivate.mutate())}
          />
        ) : (
          <button type="button" disabled={busy} onClick={start(() => activate.mutate())}>
            {t("admin.actions.activate")}
          </button>
        )}
      </div>
      <div ref={result} tabIndex={-1}>
        {outcome?.kind === "credentials" && (
          <OneTimeCredentials credentials={outcome.credentials} who={user.full_name} />
        )}
        {outcome?.kind === "done" && <p role="status">{outcome.text}</p>}
      </div>
      <div role="alert" className="error">
        {outcome?.kind === "failed" && <p>{outcome.text}</p>}
      </div>
    </section>
  );
}
