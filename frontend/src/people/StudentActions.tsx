import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../api/ApiProvider";
import { ApiError, unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { OneTimeCredentials } from "../layout/OneTimeCredentials";
import { Field, FormAlert } from "./Field";
import { accountsOf, studentProfileOf, useRefreshPeople, type Account } from "./queries";

/** A new generated password for the student, after confirming; shown once. */
export function ResetPassword({ account }: { account: Account }) {
  const { api } = useApi();
  const { t } = useI18n();
  const { id, full_name: name } = account.user;
  const reset = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/admin/users/{user_id}/reset-password", { params: { path: { user_id: id } } })),
  });
  return (
    <div className="people-action">
      <button
        type="button"
        disabled={reset.isPending}
        onClick={() => {
          if (window.confirm(t("people.reset.confirm", { name }))) reset.mutate();
        }}
      >
        {t("people.reset.button")}
      </button>
      {reset.isError && (
        <p role="alert" className="error">
          {reset.error instanceof ApiError ? reset.error.problem.detail : t("common.networkError")}
        </p>
      )}
      {reset.data && <OneTimeCredentials credentials={reset.data.credentials} who={name} />}
    </div>
  );
}

/** Make one of the parents the tutor looks after this student's parent. */
export function AssignParentForm({ account }: { account: Account }) {
  const { api } = useApi();
  const { t } = useI18n();
  const refresh = useRefreshPeople();
  const current = studentProfileOf(account)?.parent_id ?? null;
  const [parentId, setParentId] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const parents = useQuery({ queryKey: ["people", "parents"], queryFn: () => accountsOf(api, "parent") });
  const assign = useMutation({
    mutationFn: (chosen: string) =>
      unwrap(
        api.POST("/api/v1/admin/parents/{parent_id}/children", {
          params: { path: { parent_id: chosen } },
          body: { student_ids: [account.user.id] },
        }),
      ),
    onSuccess: async () => {
      setParentId("");
      setMessage(t("people.assignParent.done"));
      await refresh();
    },
    onError: (error) =>
      setMessage(error instanceof ApiError ? error.problem.detail : t("common.networkError")),
  });
  const choices = (parents.data ?? []).filter((parent) => parent.user.id !== current);

  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    if (!parentId) return;
    if (current !== null && !window.confirm(t("people.assignParent.confirm"))) return;
    assign.mutate(parentId);
  }

  if (parents.isError) {
    return (
      <p role="alert" className="error">
        {t("common.loadFailed")}
      </p>
    );
  }
  return (
    <form className="form narrow" onSubmit={submit} aria-labelledby="assign-parent-title">
      <h3 id="assign-parent-title">
        {current ? t("people.assignParent.change") : t("people.assignParent.title")}
      </h3>
      <Field id="assign-parent" label={t("people.assignParent.choose")}>
        {(control) => (
          <select
            {...control}
            value={parentId}
            required
            onChange={(event) => setParentId(event.target.value)}
          >
            <option value="">{parents.isPending ? t("common.loading") : t("people.choose")}</option>
            {choices.map((parent) => (
              <option key={parent.user.id} value={parent.user.id}>
                {parent.user.full_name} ({parent.user.email})
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={assign.isPending || !parentId}>
        {t("people.assignParent.submit")}
      </button>
      {assign.isSuccess ? <p role="status">{message}</p> : <FormAlert message={message} />}
    </form>
  );
}
