import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { accountsOf } from "../api/accounts";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { SelectField } from "../forms/fields";
import { FormProblem, useErrorText } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { OneTimeCredentials } from "../layout/OneTimeCredentials";
import { parentChoice, studentProfileOf, useRefreshPeople, type Account } from "./queries";

/** A new generated password for the student, after confirming; shown once. */
export function ResetPassword({ account }: { account: Account }) {
  const { api } = useApi();
  const { t } = useI18n();
  const errorText = useErrorText();
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
          {errorText(reset.error)}
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
  const errorText = useErrorText();
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
    onError: (error) => setMessage(errorText(error)),
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
      <SelectField
        id="assign-parent"
        label={t("people.assignParent.choose")}
        required
        value={parentId}
        onChange={setParentId}
        placeholder={parents.isPending ? t("common.loading") : t("people.choose")}
        options={choices.map(parentChoice)}
      />
      <button type="submit" disabled={assign.isPending || !parentId}>
        {t("people.assignParent.submit")}
      </button>
      {assign.isSuccess ? <p role="status">{message}</p> : <FormProblem text={message} />}
    </form>
  );
}
