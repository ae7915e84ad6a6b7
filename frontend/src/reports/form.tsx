import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";

export interface Problems {
  /** Messages by the API's field name. */
  fields: Record<string, string>;
  /** What belongs to no field of the form: a conflict, a refusal, a lost network. */
  general: string | null;
}

const NONE: Problems = { fields: {}, general: null };

/**
 * The problems of a form: the platform's RFC 9457 `errors` go next to the fields the form has,
 * anything else to its top. After each failed attempt the focus moves to the first problem.
 */
export function useProblems(known: readonly string[]) {
  const { t } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  const [problems, setProblems] = useState<Problems>(NONE);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>(".form-problem:not(:empty)");
    target?.focus();
  }, [attempt]);

  const fail = useCallback(
    (error: unknown) => {
      setAttempt((count) => count + 1);
      if (!(error instanceof ApiError)) {
        setProblems({ fields: {}, general: t("common.networkError") });
        return;
      }
      const fields: Record<string, string> = {};
      const elsewhere: string[] = [];
      for (const { field, message } of error.problem.errors) {
        if (known.includes(field)) fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
        else elsewhere.push(`${field}: ${message}`);
      }
      const general =
        elsewhere.length > 0
          ? elsewhere.join("; ")
          : Object.keys(fields).length > 0
            ? t("reports.fixFields")
            : error.problem.detail;
      setProblems({ fields, general });
    },
    [known, t],
  );

  /** Problems found before asking the platform (nothing chosen where a choice is needed). */
  const refuse = useCallback(
    (fields: Record<string, string>) => {
      setAttempt((count) => count + 1);
      setProblems({ fields, general: t("reports.fixFields") });
    },
    [t],
  );

  const clear = useCallback(() => setProblems(NONE), []);
  return { formRef, problems, fail, refuse, clear };
}

/** The id and the error wiring of a field that may carry a problem. */
export function fieldProps(id: string, error: string | undefined) {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  } as const;
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
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

/** The words of a failed action: the platform's detail, or that the network is gone. */
export function detailOf(error: unknown, networkText: string): string {
  return error instanceof ApiError ? error.problem.detail : networkText;
}
