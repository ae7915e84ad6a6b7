import { useEffect } from "react";
import { ApiError } from "../api/problem";

/** What the platform refused: messages by field, and what to say at the top of the form. */
export interface FormProblem {
  fields: Record<string, string>;
  top: string | null;
}

export const NO_PROBLEM: FormProblem = { fields: {}, top: null };

/**
 * The problem of a failed call, with each error of a `known` field kept for that field; the
 * detail, and the errors of fields the form does not show, go to the top of the form.
 */
export function formProblem(error: unknown, known: readonly string[], networkError: string): FormProblem {
  if (!(error instanceof ApiError)) return { fields: {}, top: networkError };
  const fields: Record<string, string> = {};
  const others: string[] = [];
  for (const { field, message } of error.problem.errors) {
    if (known.includes(field)) fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
    else others.push(`${field}: ${message}`);
  }
  return { fields, top: [error.problem.detail, ...others].join(" ") };
}

/** After a refusal the first field it names takes the focus, so that it can be corrected. */
export function useFocusFirstError(problem: FormProblem, idOf: (field: string) => string) {
  useEffect(() => {
    const first = Object.keys(problem.fields)[0];
    if (first !== undefined) document.getElementById(idOf(first))?.focus();
    // idOf is a fixed naming rule: only a new problem moves the focus.
  }, [problem]);
}
