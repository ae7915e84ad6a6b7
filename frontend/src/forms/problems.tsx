import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";

/** A form's problems by its own field names. */
export type FieldProblems<F extends string> = Partial<Record<F, string>>;

/**
 * The fields a form shows: either the API's field names themselves, or a mapping from the
 * API's names to the form's (when one form field stands for an API field of another name).
 */
export type KnownFields<F extends string> = readonly F[] | Readonly<Record<string, F>>;

interface Options {
  /** Said at the top of the form while fields are marked and nothing else is to be said there. */
  fixMarked?: string;
  /** After a refusal the platform's own detail leads the top, even when fields are marked. */
  withDetail?: boolean;
}

// A marked control; a group (a fieldset of checkboxes) that cannot carry aria-invalid says so
// with data-invalid.
const MARKED = '[aria-invalid="true"], [data-invalid="true"]';

function formNameOf<F extends string>(known: KnownFields<F>, field: string): F | undefined {
  if (Array.isArray(known)) return known.find((name) => name === field);
  const names = known as Readonly<Record<string, F>>;
  return Object.hasOwn(names, field) ? names[field] : undefined;
}

/**
 * The problems of one form. The platform's RFC 9457 `errors` go next to the fields the form
 * shows, anything else (a conflict, a refusal, a lost network) to its top. After each failed
 * attempt the focus moves to the first marked field, or else to the top, so that keyboard and
 * screen-reader users land on what is to be fixed.
 */
export function useFormProblems<F extends string>(known: KnownFields<F>, options: Options = {}) {
  const { fixMarked, withDetail = false } = options;
  const { t } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  const [fields, setFields] = useState<FieldProblems<F>>({});
  const [top, setTop] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>(MARKED) ??
      form?.querySelector<HTMLElement>(".form-problem:not(:empty)");
    target?.focus();
  }, [attempt]);

  /** Shows problems; also those found before anything is sent (a required choice not made). */
  const show = useCallback(
    (found: FieldProblems<F>, message: string | null = null) => {
      const marked = Object.keys(found).length > 0;
      setFields(found);
      setTop(message ?? (marked ? (fixMarked ?? null) : null));
      setAttempt((count) => count + 1);
    },
    [fixMarked],
  );

  /** Shows why a call failed: the platform's problem, or that the network is gone. */
  const fail = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) return show({}, t("common.networkError"));
      const found: FieldProblems<F> = {};
      const elsewhere: string[] = [];
      for (const { field, message } of error.problem.errors) {
        const name = formNameOf(known, field);
        if (name === undefined) elsewhere.push(`${field}: ${message}`);
        else found[name] = found[name] ? `${found[name]}; ${message}` : message;
      }
      const others = elsewhere.join("; ");
      const { detail } = error.problem;
      if (withDetail) return show(found, others ? `${detail} ${others}` : detail);
      const marked = Object.keys(found).length > 0;
      show(found, others || (marked ? null : detail));
    },
    [known, withDetail, show, t],
  );

  const clear = useCallback(() => {
    setFields({});
    setTop(null);
  }, []);

  return { formRef, fields, top, show, fail, clear };
}

/** The words of a failed action that has no form: the platform's detail, or "no network". */
export function useErrorText() {
  const { t } = useI18n();
  return useCallback(
    (error: unknown) => (error instanceof ApiError ? error.problem.detail : t("common.networkError")),
    [t],
  );
}

/** The id, aria-invalid and aria-describedby (the hint, then the problem) of a control. */
export function fieldProps(id: string, error: string | undefined, hint?: string) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": described || undefined,
  } as const;
}

/** A field's problem, named by the field's aria-describedby (read when the field is reached). */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span id={`${id}-error`} className="field-error">
      {error}
    </span>
  );
}

/**
 * The top of a form: always in the page, so that a problem put in it is announced, and
 * focusable, so that the focus can be moved to it.
 */
export function FormProblem({ text }: { text: string | null }) {
  return (
    <p role="alert" className="error form-problem" tabIndex={-1}>
      {text}
    </p>
  );
}
