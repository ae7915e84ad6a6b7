import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Field, TextField } from "../forms/fields";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";

export interface SubjectValues {
  name: string;
  description: string;
  color: string;
}

export const DEFAULT_COLOR = "#4F46E5";
const SHOWN = ["name", "description", "color"];

interface Props {
  /** Prefix of the inputs' ids. */
  id: string;
  title: string;
  initial: SubjectValues;
  submit: string;
  save: (values: SubjectValues) => Promise<unknown>;
  onSaved: () => void;
  onCancel?: () => void;
  /** Empty the form after a save (the form that adds subjects). */
  resetOnSave?: boolean;
}

/** A subject's name, description and colour; the platform's problems next to each. */
export function SubjectForm({ id, title, initial, submit, save, onSaved, onCancel, resetOnSave }: Props) {
  const { t } = useI18n();
  const [values, setValues] = useState(initial);
  const problems = useFormProblems(SHOWN);
  const { formRef } = problems;
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: () => {
      if (resetOnSave) setValues(initial);
      onSaved();
    },
    onError: problems.fail,
  });

  // An edit form opened in place takes the focus; the form that adds subjects does not.
  const opened = onCancel !== undefined;
  useEffect(() => {
    if (opened) formRef.current?.querySelector("input")?.focus();
  }, [opened, formRef]);

  const set = (name: keyof SubjectValues) => (value: string) =>
    setValues((now) => ({ ...now, [name]: value }));

  return (
    <form
      ref={formRef}
      className="form admin-form admin-subject-form"
      aria-label={title}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        problems.clear();
        mutation.mutate({ ...values, name: values.name.trim(), description: values.description.trim() });
      }}
    >
      <FormProblem text={problems.top} />
      <TextField
        id={`${id}-name`}
        label={`${t("admin.subjects.name")} ${t("admin.requiredMark")}`}
        required
        autoComplete="off"
        value={values.name}
        error={problems.fields.name}
        onChange={set("name")}
      />
      <TextField
        id={`${id}-description`}
        label={t("admin.subjects.description")}
        rows={3}
        value={values.description}
        error={problems.fields.description}
        onChange={set("description")}
      />
      <Field id={`${id}-color`} label={t("admin.subjects.color")} error={problems.fields.color}>
        {(control) => (
          <input
            {...control}
            type="color"
            value={values.color}
            onChange={(event) => set("color")(event.target.value.toUpperCase())}
          />
        )}
      </Field>
      <p className="admin-actions">
        <button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? t("admin.saving") : submit}
        </button>{" "}
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t("admin.cancel")}
          </button>
        )}
      </p>
    </form>
  );
}
