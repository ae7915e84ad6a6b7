import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import {
  changesOf,
  fieldsOf,
  valuesOf,
  type Account,
  type FieldName,
  type UserUpdate,
} from "./accountFields";
import { AccountInputs } from "./AccountInputs";

/** Changes to an account and its profile: only what was changed is sent. */
export function UserEditForm({ account, onClose }: { account: Account; onClose: (saved: boolean) => void }) {
  const { api } = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { user } = account;
  const [before] = useState(() => valuesOf(account));
  const [values, setValues] = useState(before);
  const problems = useFormProblems(fieldsOf(user.role));
  const { formRef } = problems;

  useEffect(() => {
    formRef.current?.querySelector("input")?.focus();
  }, [formRef]);

  const save = useMutation({
    mutationFn: (body: UserUpdate) =>
      unwrap(api.PATCH("/api/v1/admin/users/{user_id}", { params: { path: { user_id: user.id } }, body })),
    onSuccess: (answer) => {
      queryClient.setQueryData(["admin", "user", user.id], answer);
      void queryClient.invalidateQueries({ queryKey: ["admin"] });
      onClose(true);
    },
    onError: problems.fail,
  });

  function submit() {
    const { body, invalid } = changesOf(user.role, before, values);
    const wrong = Object.keys(invalid);
    if (wrong.length > 0) {
      problems.show(Object.fromEntries(wrong.map((name) => [name, t("admin.wholeNumber")])));
      return;
    }
    if (Object.keys(body).length === 0) {
      onClose(false);
      return;
    }
    problems.clear();
    save.mutate(body as UserUpdate);
  }

  return (
    <form
      ref={formRef}
      className="form admin-form"
      noValidate
      aria-label={t("admin.edit.title", { name: user.full_name })}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <FormProblem text={problems.top} />
      <AccountInputs
        idPrefix="edit"
        role={user.role}
        values={values}
        errors={problems.fields}
        onChange={(name: FieldName, value) => setValues((now) => ({ ...now, [name]: value }))}
      />
      <p className="admin-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t("admin.saving") : t("admin.edit.save")}
        </button>{" "}
        <button type="button" onClick={() => onClose(false)}>
          {t("admin.cancel")}
        </button>
      </p>
    </form>
  );
}
