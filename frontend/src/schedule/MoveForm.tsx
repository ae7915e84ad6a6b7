import { useEffect, useId, useState, type FormEvent } from "react";
import { useTimeZone } from "../api/config";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { useMoveLesson, type Lesson } from "./queries";
import { localParts, zonedIso } from "./time";
import { missingTimes, TIME_FIELDS, TimeFields, type Times } from "./TimeFields";

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
  const problems = useFormProblems(TIME_FIELDS);
  const { formRef } = problems;
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
      problems.show(missing);
      return;
    }
    problems.clear();
    move.mutate(
      { start_at: zonedIso(times.date, times.start, zone), end_at: zonedIso(times.date, times.end, zone) },
      { onSuccess: onMoved, onError: problems.fail },
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
      <FormProblem text={problems.top} />
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
