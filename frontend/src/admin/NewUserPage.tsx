import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { SelectField, TextField } from "../forms/fields";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { OneTimeCredentials } from "../layout/OneTimeCredentials";
import { creationOf, emptyValues, fieldsOf, ROLES, type FieldName, type Role } from "./accountFields";
import { AccountInputs } from "./AccountInputs";
import { AdminOnly, AdminPage } from "./AdminPage";

type Created = components["schemas"]["CreatedAccountOut"];
const SHOWN = [
  "role",
  "password",
  ...fieldsOf("student"),
  ...fieldsOf("teacher"),
  ...fieldsOf("tutor"),
  ...fieldsOf("parent"),
];

/** A new account of any role; its one-time credentials are shown once, right here. */
export function NewUserPage() {
  return (
    <AdminOnly>
      <NewUserPageContent />
    </AdminOnly>
  );
}

function NewUserPageContent() {
  const { t } = useI18n();
  const [created, setCreated] = useState<Created | null>(null);
  return (
    <AdminPage title={t("admin.create.title")}>
      {created ? (
        <CreatedAccount created={created} onAnother={() => setCreated(null)} />
      ) : (
        <CreateForm onCreated={setCreated} />
      )}
    </AdminPage>
  );
}

function CreateForm({ onCreated }: { onCreated: (created: Created) => void }) {
  const { api } = useApi();
  const { t, label } = useI18n();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>("student");
  const [values, setValues] = useState(emptyValues);
  const [password, setPassword] = useState("");
  const problems = useFormProblems(SHOWN);

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      unwrap(api.POST("/api/v1/admin/users", { body: body as components["schemas"]["UserCreate"] })),
    onSuccess: (answer) => {
      void queryClient.invalidateQueries({ queryKey: ["admin"] });
      onCreated(answer);
    },
    onError: problems.fail,
  });

  function submit() {
    const { body, invalid } = creationOf(role, values, password);
    const wrong = Object.keys(invalid);
    if (wrong.length > 0) {
      problems.show(Object.fromEntries(wrong.map((name) => [name, t("admin.wholeNumber")])));
      return;
    }
    problems.clear();
    create.mutate(body);
  }

  return (
    <form
      ref={problems.formRef}
      className="form admin-form"
      noValidate
      aria-label={t("admin.create.title")}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <FormProblem text={problems.top} />
      <SelectField
        id="new-role"
        label={t("admin.field.role")}
        hint={t("admin.hint.role")}
        value={role}
        error={problems.fields.role}
        onChange={(value) => setRole(value as Role)}
        options={ROLES.map((option) => ({ value: option, label: label("role", option) }))}
      />
      <AccountInputs
        idPrefix="new"
        role={role}
        values={values}
        errors={problems.fields}
        creating
        onChange={(name: FieldName, value) => setValues((now) => ({ ...now, [name]: value }))}
      />
      <fieldset>
        <legend>{t("admin.create.signIn")}</legend>
        <TextField
          id="new-password"
          type="password"
          autoComplete="new-password"
          label={t("admin.field.password")}
          hint={t("admin.hint.password")}
          value={password}
          error={problems.fields.password}
          onChange={setPassword}
        />
      </fieldset>
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? t("admin.create.creating") : t("admin.create.submit")}
      </button>
    </form>
  );
}

function CreatedAccount({ created, onAnother }: { created: Created; onAnother: () => void }) {
  const { t } = useI18n();
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => region.current?.focus(), []);
  return (
    <div ref={region} tabIndex={-1} className="admin-created">
      <p role="status">{t("admin.create.done", { name: created.user.full_name })}</p>
      <OneTimeCredentials credentials={created.credentials} who={created.user.full_name} />
      <p className="admin-actions">
        <Link to={`/admin/users/${created.user.id}`}>
          {t("admin.create.open", { name: created.user.full_name })}
        </Link>
        <button type="button" onClick={onAnother}>
          {t("admin.create.another")}
        </button>
      </p>
    </div>
  );
}
