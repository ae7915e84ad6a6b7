import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { accountsOf } from "../api/accounts";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { SelectField, TextField } from "../forms/fields";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { OneTimeCredentials } from "../layout/OneTimeCredentials";
import { Page } from "../layout/Page";
import { EMPTY_FAMILY, familyBody, fieldsFor, type FamilyCreate, type ParentMode } from "./familyBody";
import { parentChoice, useRefreshPeople } from "./queries";
import { StaffOnly } from "./StaffOnly";

type FamilyOut = components["schemas"]["FamilyOut"];
const idOf = (field: string) => `family-${field.replace(".", "-")}`;

/** A new student with a new or an existing parent, in one step; both logins shown once. */
export function NewFamilyPage() {
  const { t } = useI18n();
  const [family, setFamily] = useState<FamilyOut | null>(null);
  return (
    <StaffOnly>
      <Page title={t("people.family.title")}>
        {family ? (
          <FamilyCreated family={family} onAnother={() => setFamily(null)} />
        ) : (
          <FamilyForm onCreated={setFamily} />
        )}
      </Page>
    </StaffOnly>
  );
}

function FamilyForm({ onCreated }: { onCreated: (family: FamilyOut) => void }) {
  const { api } = useApi();
  const { t } = useI18n();
  const refresh = useRefreshPeople();
  const [values, setValues] = useState(EMPTY_FAMILY);
  const [mode, setMode] = useState<ParentMode>("new");
  const problems = useFormProblems(fieldsFor(mode), { withDetail: true });
  const parents = useQuery({ queryKey: ["people", "parents"], queryFn: () => accountsOf(api, "parent") });
  const create = useMutation({
    mutationFn: (body: FamilyCreate) => unwrap(api.POST("/api/v1/admin/families", { body })),
    onSuccess: async (family) => {
      onCreated(family);
      await refresh();
    },
    onError: problems.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (mode === "existing" && !values.parent_id) {
      problems.show({ parent_id: t("people.required") });
      return;
    }
    problems.clear();
    create.mutate(familyBody(values, mode));
  }

  const text = (name: string, label: string, options: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      id={idOf(name)}
      label={label}
      value={values[name] ?? ""}
      onChange={(value) => setValues((now) => ({ ...now, [name]: value }))}
      error={problems.fields[name]}
      {...options}
    />
  );

  return (
    <form ref={problems.formRef} className="form narrow" onSubmit={submit} noValidate>
      <FormProblem text={problems.top} />
      <fieldset>
        <legend>{t("common.student")}</legend>
        {text("student.first_name", t("people.first_name"), { required: true, autoComplete: "off" })}
        {text("student.last_name", t("people.last_name"), { required: true, autoComplete: "off" })}
        {text("student.email", t("people.email"), { type: "email", required: true, autoComplete: "off" })}
        {text("student.grade", t("people.grade"), { type: "number", min: 1, max: 11, required: true })}
        {text("student.goal", t("people.goal"), { rows: 4 })}
      </fieldset>
      <fieldset>
        <legend>{t("people.parent")}</legend>
        <fieldset className="choices">
          <legend className="visually-hidden">{t("people.family.parentMode")}</legend>
          {(["new", "existing"] as const).map((option) => (
            <label key={option}>
              <input
                type="radio"
                name="parent-mode"
                value={option}
                checked={mode === option}
                onChange={() => setMode(option)}
              />{" "}
              {option === "new" ? t("people.family.newParent") : t("people.family.existingParent")}
            </label>
          ))}
        </fieldset>
        {mode === "new" ? (
          <>
            {text("parent.first_name", t("people.first_name"), { required: true, autoComplete: "off" })}
            {text("parent.last_name", t("people.last_name"), { required: true, autoComplete: "off" })}
            {text("parent.email", t("people.email"), { type: "email", required: true, autoComplete: "off" })}
            {text("parent.phone", t("people.phone"), { type: "tel", hint: t("people.phoneHint") })}
          </>
        ) : (
          <SelectField
            id={idOf("parent_id")}
            label={t("people.family.chooseParent")}
            required
            value={values.parent_id ?? ""}
            onChange={(value) => setValues((now) => ({ ...now, parent_id: value }))}
            error={problems.fields.parent_id}
            placeholder={parents.isPending ? t("common.loading") : t("people.choose")}
            options={(parents.data ?? []).map(parentChoice)}
          />
        )}
      </fieldset>
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? t("people.saving") : t("people.family.submit")}
      </button>
    </form>
  );
}

function FamilyCreated({ family, onAnother }: { family: FamilyOut; onAnother: () => void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const student = family.student.user;
  const parent = family.parent.user;
  return (
    <section aria-labelledby="family-created" className="card">
      <h2 id="family-created" ref={heading} tabIndex={-1}>
        {t("people.family.created", { student: student.full_name, parent: parent.full_name })}
      </h2>
      <OneTimeCredentials credentials={family.student.credentials} who={student.full_name} />
      {family.parent_credentials ? (
        <OneTimeCredentials credentials={family.parent_credentials} who={parent.full_name} />
      ) : (
        <p>{t("people.family.parentLinked", { parent: parent.full_name })}</p>
      )}
      <p className="toolbar">
        <Link to={`/students/${student.id}`}>{t("people.family.openStudent")}</Link>
        <button type="button" onClick={onAnother}>
          {t("people.family.another")}
        </button>
      </p>
    </section>
  );
}
