import { useEffect, useId, useState, type FormEvent } from "react";
import { useTimeZone } from "../api/config";
import { useI18n } from "../i18n/I18nProvider";
import { GeneralProblem, useFormProblems } from "./formProblems";
import { useMoveLesson, type Lesson } from "./queries";
import { missingTimes, TIME_FIELDS, TimeFields, type Times } from "./TimeFields";
import { localParts, zonedIso } from "./time";

interface Props {
  lesson: Lesson;
  onMoved: () => void;
  onClose: () => void;
}

/** New day and times for a lesson (PATCH start_at and end_at); the other fields stay. */
export function MoveForm({ lesson, onMoved, onClose }: Props) {
  const { t } = useI18n();
  const zone = useTimeZone();
  const prefix = useId();
  const move = useMoveLesson(lesson.id);
  const { formRef, problems, show, showError, clear } = useFormProblems(TIME_FIELDS);
  const start = localParts(lesson.local_start);
  const [times, setTimes] = useState<Times>({
    date: start.day,
    start: start.time,
    end: localParts(lesson.local_end).time,
  });

  useEffect(() => {
    // Opened by the "move" button: the reader goes on in the form.
    formRef.current?.querySelector("input")?.focus();
  }, [formRef]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = missingTimes(times, t("schedule.required"));
    if (Object.keys(missing).length > 0) {
      show({ fields: missing, general: null });
      return;
    }
    clear();
    move.mutate(
      { start_at: zonedIso(times.date, times.start, zone), end_at: zonedIso(times.date, times.end, zone) },
      { onSuccess: onMoved, onError: showError },
    );
  }

  return (
    <form
      ref={formRef}
      className="form lesson-form"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${prefix}-title`}
    >
      <h3 id={`${prefix}-title`}>{t("schedule.moveTitle")}</h3>
      <GeneralProblem text={problems.general} />
      <TimeFields idPrefix={prefix} values={times} errors={problems.fields} onChange={setTimes} />
      <button type="submit" disabled={move.isPending}>
        {t("schedule.moveSave")}
      </button>{" "}
      <button type="button" onClick={onClose}>
        {t("schedule.moveClose")}
      </button>
    </form>
  );
}
