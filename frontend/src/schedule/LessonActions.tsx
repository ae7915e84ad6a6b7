import { useId, useRef, useState } from "react";
import { useErrorText } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { MoveForm } from "./MoveForm";
import { useCancelLesson, useCompleteLesson, type Lesson } from "./queries";

type Open = "none" | "move" | "cancel";

/**
 * What the teacher who scheduled the lesson may do with it: move or cancel it before it starts,
 * mark it completed once it has started. The platform checks every rule again.
 */
export function LessonActions({ lesson }: { lesson: Lesson }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const reasonId = useId();
  const cancel = useCancelLesson(lesson.id);
  const complete = useCompleteLesson(lesson.id);
  const [open, setOpen] = useState<Open>("none");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const moveButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const failureBox = useRef<HTMLDivElement>(null);
  const doneBox = useRef<HTMLParagraphElement>(null);

  const canAct = lesson.status === "scheduled";
  // After a cancellation or completion only the news stays, where the focus was.
  if (!canAct && !done) return null;
  const started = Date.now() >= Date.parse(lesson.start_at);

  function close(focus: HTMLButtonElement | null) {
    setOpen("none");
    focus?.focus();
  }

  function failed(error: unknown) {
    setFailure(errorText(error));
    requestAnimationFrame(() => failureBox.current?.focus());
  }

  function finished(text: string) {
    setOpen("none");
    setDone(text);
    requestAnimationFrame(() => doneBox.current?.focus());
  }

  function toggle(which: Open) {
    setDone("");
    setFailure(null);
    setOpen((now) => (now === which ? "none" : which));
  }

  return (
    <section aria-labelledby="lesson-actions" className="card lesson-actions">
      <h2 id="lesson-actions">{t("schedule.actions")}</h2>
      {!canAct ? null : started ? (
        <button
          type="button"
          disabled={complete.isPending}
          onClick={() => {
            setFailure(null);
            complete.mutate(undefined, {
              onSuccess: () => finished(t("schedule.completedDone")),
              onError: failed,
            });
          }}
        >
          {t("schedule.complete")}
        </button>
      ) : (
        <div className="toolbar">
          <button
            ref={moveButton}
            type="button"
            aria-expanded={open === "move"}
            onClick={() => toggle("move")}
          >
            {t("schedule.move")}
          </button>
          <button
            ref={cancelButton}
            type="button"
            aria-expanded={open === "cancel"}
            onClick={() => toggle("cancel")}
          >
            {t("schedule.cancel")}
          </button>
        </div>
      )}
      {open === "move" && (
        <MoveForm
          lesson={lesson}
          onMoved={() => {
            close(moveButton.current);
            setDone(t("schedule.moved"));
          }}
          onClose={() => close(moveButton.current)}
        />
      )}
      {open === "cancel" && (
        <div role="group" aria-labelledby={`${reasonId}-question`} className="confirm">
          <p id={`${reasonId}-question`}>{t("schedule.cancelQuestion")}</p>
          <p className="field">
            <label htmlFor={reasonId}>{t("schedule.cancelReason")}</label>
            <input
              id={reasonId}
              type="text"
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </p>
          <button
            type="button"
            className="danger"
            disabled={cancel.isPending}
            onClick={() =>
              cancel.mutate(reason.trim(), {
                onSuccess: () => finished(t("schedule.cancelled")),
                onError: failed,
              })
            }
          >
            {t("schedule.cancelYes")}
          </button>{" "}
          <button type="button" autoFocus onClick={() => close(cancelButton.current)}>
            {t("schedule.cancelNo")}
          </button>
        </div>
      )}
      <div ref={failureBox} role="alert" className="error form-problem" tabIndex={-1}>
        {failure && <p>{failure}</p>}
      </div>
      <p ref={doneBox} role="status" className="form-status" tabIndex={-1}>
        {done}
      </p>
    </section>
  );
}
