import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";

type Kind = components["schemas"]["NotificationKind"];
const KEY = ["notifications", "preferences"] as const;

/** Which kinds of notification one receives (the centre shows only those switched on). */
export function Preferences() {
  const { api } = useApi();
  const { t, label } = useI18n();
  const queryClient = useQueryClient();
  const saved = useQuery({
    queryKey: KEY,
    queryFn: () => unwrap(api.GET("/api/v1/notifications/preferences")),
  });
  const [changes, setChanges] = useState<Partial<Record<Kind, boolean>>>({});
  const save = useMutation({
    mutationFn: (kinds: { kind: Kind; enabled: boolean }[]) =>
      unwrap(api.PUT("/api/v1/notifications/preferences", { body: { kinds } })),
    onSuccess: (answer) => {
      queryClient.setQueryData(KEY, answer);
      setChanges({});
    },
  });

  if (!saved.data) {
    return saved.isError ? (
      <p role="alert" className="error">
        {t("common.loadFailed")}
      </p>
    ) : null;
  }
  const kinds = saved.data.kinds.map((item) => ({
    kind: item.kind,
    enabled: changes[item.kind] ?? item.enabled,
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(kinds);
  }

  return (
    <section aria-labelledby="preferences-title" className="card">
      <h2 id="preferences-title">{t("preferences.title")}</h2>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t("preferences.legend")}</legend>
          <ul className="plain">
            {kinds.map(({ kind, enabled }) => (
              <li key={kind}>
                <label>
                  <input
                    type="checkbox"
                    name={kind}
                    checked={enabled}
                    onChange={(event) => setChanges((now) => ({ ...now, [kind]: event.target.checked }))}
                  />{" "}
                  {label("notificationKind", kind)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit" disabled={save.isPending}>
          {t("preferences.save")}
        </button>
        <span role="status" className="form-status">
          {save.isSuccess && Object.keys(changes).length === 0 && t("preferences.saved")}
        </span>
        {save.isError && (
          <p role="alert" className="error">
            {save.error.message}
          </p>
        )}
      </form>
    </section>
  );
}
