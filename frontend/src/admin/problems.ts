import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";

export interface Problems {
  /** Messages by the API's field name, shown next to their fields. */
  fields: Record<string, string>;
  /** What belongs to no field shown in the form (a conflict, a refusal, a lost network). */
  general: string | null;
}

const NONE: Problems = { fields: {}, general: null };

/**
 * The problems of one form: a 400's `errors` go next to the fields the form shows, anything
 * else to its top. After each failed attempt the focus moves to the first problem.
 */
export function useProblems(shown: readonly string[]) {
  const { t } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  const [problems, setProblems] = useState<Problems>(NONE);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0) return;
    formRef.current?.querySelector<HTMLElement>('.form-problem:not(:empty), [aria-invalid="true"]')?.focus();
  }, [attempt]);

  const show = useCallback((found: Problems) => {
    setProblems(found);
    setAttempt((count) => count + 1);
  }, []);

  const fail = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) {
        show({ fields: {}, general: t("common.networkError") });
        return;
      }
      const fields: Record<string, string> = {};
      const elsewhere: string[] = [];
      for (const { field, message } of error.problem.errors) {
        if (!shown.includes(field)) elsewhere.push(`${field}: ${message}`);
        else fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
      }
      let general: string | null = elsewhere.length > 0 ? elsewhere.join("; ") : null;
      if (general === null && Object.keys(fields).length === 0) general = error.problem.detail;
      show({ fields, general });
    },
    [shown, show, t],
  );

  const clear = useCallback(() => setProblems(NONE), []);

  return { formRef, problems, show, fail, clear };
}

/** The detail of a failed action that has no form: the platform's words, or "no network". */
export function useErrorText() {
  const { t } = useI18n();
  return (error: unknown) => (error instanceof ApiError ? error.problem.detail : t("common.networkError"));
}
