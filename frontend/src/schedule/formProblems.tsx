import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";

export interface FormProblems<F extends string> {
  fields: Partial<Record<F, string>>;
  /** What belongs to no field: a conflict (an overlap), a refusal, a lost network. */
  general: string | null;
}

/**
 * The problems of a form: the platform's RFC 9457 `errors` go next to their fields (by the
 * API's field name), anything else to the top of the form. After each failed attempt the
 * focus moves to the first problem, so that keyboard and screen-reader users land on it.
 */
export function useFormProblems<F extends string>(fieldOf: Record<string, F>) {
  const { t } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  const [problems, setProblems] = useState<FormProblems<F>>({ fields: {}, general: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0) return;
    formRef.current?.querySelector<HTMLElement>('.form-problem:not(:empty), [aria-invalid="true"]')?.focus();
  }, [attempt]);

  const show = useCallback((found: FormProblems<F>) => {
    setProblems(found);
    setAttempt((count) => count + 1);
  }, []);

  const showError = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) {
        show({ fields: {}, general: t("common.networkError") });
        return;
      }
      const fields: Partial<Record<F, string>> = {};
      const elsewhere: string[] = [];
      for (const { field, message } of error.problem.errors) {
        const name = fieldOf[field];
        if (name === undefined) elsewhere.push(`${field}: ${message}`);
        else fields[name] = fields[name] ? `${fields[name]}; ${message}` : message;
      }
      const general =
        elsewhere.length > 0
          ? elsewhere.join("; ")
          : Object.keys(fields).length === 0
            ? error.problem.detail
            : null;
      show({ fields, general });
    },
    [fieldOf, show, t],
  );

  const clear = useCallback(() => setProblems({ fields: {}, general: null }), []);

  return { formRef, problems, show, showError, clear };
}

/** The id, aria-invalid and aria-describedby of a field that may carry a problem. */
export function fieldProps(id: string, error: string | undefined) {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  } as const;
}

export function FieldProblem({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span id={`${id}-error`} className="field-error">
      {error}
    </span>
  );
}

/** The top of a form: always in the page, so that a problem put in it is announced. */
export function GeneralProblem({ text }: { text: string | null }) {
  return (
    <div role="alert" className="error form-problem" tabIndex={-1}>
      {text && <p>{text}</p>}
    </div>
  );
}
