import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useTimeZone } from "../api/config";
import { studentsOf, useActiveEnrollments, type Enrollment } from "../api/enrollments";
import { choicesOf, SelectField, TextField } from "../forms/fields";
import { FormProblem, useFormProblems, type FieldProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { useCreateLesson, type Lesson, type LessonCreate } from "./queries";
import { zonedIso } from "./time";
import { missingTimes, TIME_FIELDS, TimeFields, type Times } from "./TimeFields";

type Field = "student" | "subject" | "date" | "start" | "end" | "description" | "meeting_url";

const API_FIELDS: Record<string, Field> = {
  ...TIME_FIELDS,
  student_id: "student",
  subject_id: "subject",
  description: "description",
  meeting_url: "meeting_url",
};
const EMPTY_TIMES: Times = { date: "", start: "", end: "" };

/** A teacher schedules a lesson with one of the students enrolled with them. */
export function NewLessonForm({ onCreated }: { onCreated: (lesson: Lesson) => void }) {
  const { t } = useI18n();
  const enrollments = useActiveEnrollments();
  if (enrollments.isPending) return <p role="status">{t("common.loading")}</p>;
  if (enrollments.isError) {
    return (
      <p role="alert" className="error">
        {t("common.loadFailed")}
      </p>
    );
  }
  if (enrollments.data.length === 0) return <p>{t("schedule.noEnrollments")}</p>;
  return <LessonForm enrollments={enrollments.data} onCreated={onCreated} />;
}

function LessonForm({
  enrollments,
  onCreated,
}: {
  enrollments: Enrollment[];
  onCreated: (lesson: Lesson) => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const zone = useTimeZone();
  const prefix = useId();
  const create = useCreateLesson();
  const problems = useFormProblems(API_FIELDS);
  const [studentId, setStudentId] = useState("");
  const [subjectId, setSubjectId] = useState("");
  const [times, setTimes] = useState<Times>(EMPTY_TIMES);
  const [description, setDescription] = useState("");
  const [meetingUrl, setMeetingUrl] = useState("");
  const [created, setCreated] = useState<Lesson | null>(null);

  const subjects = enrollments.filter((e) => e.student_id === studentId);

  function chooseStudent(id: string) {
    setStudentId(id);
    const own = enrollments.filter((e) => e.student_id === id);
    setSubjectId(own.length === 1 && own[0] ? own[0].subject_id : "");
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const missing: FieldProblems<Field> = missingTimes(times, t("schedule.required"));
    if (!studentId) missing.student = t("schedule.chooseStudent");
    if (!subjectId) missing.subject = t("schedule.chooseSubject");
    if (Object.keys(missing).length > 0) {
      problems.show(missing);
      return;
    }
    problems.clear();
    const body: LessonCreate = {
      student_id: studentId,
      subject_id: subjectId,
      start_at: zonedIso(times.date, times.start, zone),
      end_at: zonedIso(times.date, times.end, zone),
    };
    if (description.trim()) body.description = description.trim();
    if (meetingUrl.trim()) body.meeting_url = meetingUrl.trim();
    create.mutate(body, {
      onSuccess: (lesson) => {
        setCreated(lesson);
        setTimes(EMPTY_TIMES);
        setDescription("");
        setMeetingUrl("");
        onCreated(lesson);
      },
      onError: problems.fail,
    });
  }

  const errors = problems.fields;
  return (
    <form ref={problems.formRef} className="form lesson-form" onSubmit={submit} noValidate>
      <FormProblem text={problems.top} />
      <SelectField
        id={`${prefix}-student`}
        label={t("common.student")}
        required
        value={studentId}
        onChange={chooseStudent}
        error={errors.student}
        placeholder={t("schedule.chooseStudent")}
        options={choicesOf(studentsOf(enrollments))}
      />
      <SelectField
        id={`${prefix}-subject`}
        label={t("common.subject")}
        required
        disabled={!studentId}
        value={subjectId}
        onChange={setSubjectId}
        error={errors.subject}
        placeholder={t("schedule.chooseSubject")}
        options={subjects.map((e) => ({ value: e.subject_id, label: e.display_name }))}
      />
      <TimeFields idPrefix={prefix} values={times} errors={errors} onChange={setTimes} />
      <TextField
        id={`${prefix}-description`}
        label={t("schedule.description")}
        rows={3}
        value={description}
        onChange={setDescription}
        error={errors.description}
      />
      <TextField
        id={`${prefix}-meeting-url`}
        label={t("schedule.meetingUrl")}
        type="url"
        inputMode="url"
        placeholder="https://"
        value={meetingUrl}
        onChange={setMeetingUrl}
        error={errors.meeting_url}
      />
      <button type="submit" disabled={create.isPending}>
        {t("schedule.create")}
      </button>
      <p role="status" className="form-status">
        {created && (
          <>
            {t("schedule.created", {
              subject: created.subject.name,
              when: format.span(created.start_at, created.end_at),
            })}{" "}
            <Link to={`/lessons/${created.id}`}>{t("schedule.openLesson")}</Link>
          </>
        )}
      </p>
    </form>
  );
}
