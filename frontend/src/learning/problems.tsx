import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";

export type FieldProblems<F extends string> = Partial<Record<F, string>>;

/**
 * A form's problems: the platform's 400 `errors` go next to the fields they name (by the API's
 * field name), anything else to the top. After each failed attempt the focus moves to the first
 * problem, so that keyboard and screen-reader users land on it.
 */
export function useProblems<F extends string>(known: readonly F[]) {
  const { t } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  const [fields, setFields] = useState<FieldProblems<F>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0) return;
    formRef.current
      ?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"], .form-problem:not(:empty)')
      ?.focus();
  }, [attempt]);

  const show = useCallback((found: FieldProblems<F>, top: string | null = null) => {
    setFields(found);
    setGeneral(top);
    setAttempt((count) => count + 1);
  }, []);

  const showError = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) return show({}, t("common.networkError"));
      const found: FieldProblems<F> = {};
      const elsewhere: string[] = [];
      for (const { field, message } of error.problem.errors) {
        const name = known.find((candidate) => candidate === field);
        if (name === undefined) elsewhere.push(`${field}: ${message}`);
        else found[name] = found[name] ? `${found[name]}; ${message}` : message;
      }
      const top = elsewhere.length > 0 ? elsewhere.join("; ") : null;
      show(found, top ?? (Object.keys(found).length === 0 ? error.problem.detail : null));
    },
    [known, show, t],
  );

  const clear = useCallback(() => {
    setFields({});
    setGeneral(null);
  }, []);
  return { formRef, fields, general, show, showError, clear };
}

/** The id, aria-invalid and aria-describedby of a field that may carry a problem. */
export function fieldProps(id: string, error: string | undefined) {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  } as const;
}

/** A field's problem, announced when it appears and named by the field's aria-describedby. */
export function FieldProblem({ id, error }: { id: string; error: string | undefined }) {
  return (
    <span id={`${id}-error`} className="field-error" role="alert">
      {error}
    </span>
  );
}

/** The problem of the whole form, at its top, announced when it appears. */
export function FormProblem({ text }: { text: string | null }) {
  return (
    <p role="alert" className="error form-problem" tabIndex={-1}>
      {text}
    </p>
  );
}
