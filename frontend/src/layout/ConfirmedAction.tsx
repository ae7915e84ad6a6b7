import { useMutation } from "@tanstack/react-query";
import { useErrorText } from "../forms/problems";

interface Props {
  /** The button's words. */
  label: string;
  /** Its name for screen readers, where the words alone do not say what it acts on. */
  name?: string;
  /** Asked before anything is done. */
  question: string;
  /** Does it; what follows a success (refreshing, leaving the page) belongs in here too. */
  run: () => Promise<unknown>;
  className?: string;
}

/** A button that asks first, then acts; a refusal is said right after it. */
export function ConfirmedAction({ label, name, question, run, className }: Props) {
  const errorText = useErrorText();
  const action = useMutation({ mutationFn: run });
  return (
    <>
      <button
        type="button"
        className={className}
        aria-label={name}
        disabled={action.isPending}
        onClick={() => {
          action.reset();
          if (window.confirm(question)) action.mutate();
        }}
      >
        {label}
      </button>
      {action.isError && (
        <span role="alert" className="error">
          {" "}
          {errorText(action.error)}
        </span>
      )}
    </>
  );
}
