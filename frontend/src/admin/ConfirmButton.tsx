import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../i18n/I18nProvider";

interface Props {
  /** The action's button. */
  label: string;
  /** What the action does, asked before it is done. */
  question: string;
  /** The button that does it. */
  yes: string;
  busy: boolean;
  onConfirm: () => void;
  danger?: boolean;
}

/**
 * A destructive action asks first, in the page: the question with "yes" and "no". The focus
 * goes to "yes" (which the question describes), and back to the action's button afterwards.
 */
export function ConfirmButton({ label, question, yes, busy, onConfirm, danger = false }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [answered, setAnswered] = useState(false);
  const yesRef = useRef<HTMLButtonElement>(null);
  const actionRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) yesRef.current?.focus();
    else if (answered) actionRef.current?.focus();
  }, [asking, answered]);

  function close(confirmed: boolean) {
    setAsking(false);
    setAnswered(true);
    if (confirmed) onConfirm();
  }

  if (asking) {
    return (
      <div className="admin-confirm" role="group" aria-labelledby={`${id}-question`}>
        <p id={`${id}-question`}>{question}</p>
        <button
          ref={yesRef}
          type="button"
          className={danger ? "admin-danger" : undefined}
          onClick={() => close(true)}
        >
          {yes}
        </button>{" "}
        <button type="button" onClick={() => close(false)}>
          {t("admin.no")}
        </button>
      </div>
    );
  }
  return (
    <button
      ref={actionRef}
      type="button"
      className={danger ? "admin-danger" : undefined}
      disabled={busy}
      onClick={() => {
        setAnswered(false);
        setAsking(true);
      }}
    >
      {label}
    </button>
  );
}
