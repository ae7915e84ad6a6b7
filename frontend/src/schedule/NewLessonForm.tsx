import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useTimeZone } from "../api/config";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { FieldProblem, fieldProps, GeneralProblem, useFormProblems } from "./formProblems";
import { useActiveEnrollments, useCreateLesson, type Lesson, type LessonCreate } from "./queries";
import { missingTimes, TIME_FIELDS, TimeFields, type Times } from "./TimeFields";
import { zonedIso } from "./time";

type Enrollment = components["schemas"]["EnrollmentOut"];
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
  const { formRef, problems, show, showError, clear } = useFormProblems(API_FIELDS);
  const [studentId, setStudentId] = useState("");
  const [subjectId, setSubjectId] = useState("");
  const [times, setTimes] = useState<Times>(EMPTY_TIMES);
  const [description, setDescription] = useState("");
  const [meetingUrl, setMeetingUrl] = useState("");
  const [created, setCreated] = useState<Lesson | null>(null);

  const students = [...new Map(enrollments.map((e) => [e.student_id, e.student_name])).entries()].sort(
    ([, a], [, b]) => a.localeCompare(b),
  );
  const subjects = enrollments.filter((e) => e.student_id === studentId);

  function chooseStudent(id: string) {
    setStudentId(id);
    const own = enrollments.filter((e) => e.student_id === id);
    setSubjectId(own.length === 1 && own[0] ? own[0].subject_id : "");
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const missing: Partial<Record<Field, string>> = missingTimes(times, t("schedule.required"));
    if (!studentId) missing.student = t("schedule.chooseStudent");
    if (!subjectId) missing.subject = t("schedule.chooseSubject");
    if (Object.keys(missing).length > 0) {
      show({ fields: missing, general: null });
      return;
    }
    clear();
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
      onError: showError,
    });
  }

  const errors = problems.fields;
  const ids = {
    student: `${prefix}-student`,
    subject: `${prefix}-subject`,
    description: `${prefix}-description`,
    meeting_url: `${prefix}-meeting-url`,
  };
  return (
    <form ref={formRef} className="form lesson-form" onSubmit={submit} noValidate>
      <GeneralProblem text={problems.general} />
      <p className="field">
        <label htmlFor={ids.student}>{t("common.student")}</label>
        <select
          {...fieldProps(ids.student, errors.student)}
          required
          value={studentId}
          onChange={(event) => chooseStudent(event.target.value)}
        >
          <option value="">{t("schedule.chooseStudent")}</option>
          {students.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        <FieldProblem id={ids.student} error={errors.student} />
      </p>
      <p className="field">
        <label htmlFor={ids.subject}>{t("common.subject")}</label>
        <select
          {...fieldProps(ids.subject, errors.subject)}
          required
          value={subjectId}
          disabled={!studentId}
          onChange={(event) => setSubjectId(event.target.value)}
        >
          <option value="">{t("schedule.chooseSubject")}</option>
          {subjects.map((e) => (
            <option key={e.id} value={e.subject_id}>
              {e.display_name}
            </option>
          ))}
        </select>
        <FieldProblem id={ids.subject} error={errors.subject} />
      </p>
      <TimeFields idPrefix={prefix} values={times} errors={errors} onChange={setTimes} />
      <p className="field">
        <label htmlFor={ids.description}>{t("schedule.description")}</label>
        <textarea
          {...fieldProps(ids.description, errors.description)}
          rows={3}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
        <FieldProblem id={ids.description} error={errors.description} />
      </p>
      <p className="field">
        <label htmlFor={ids.meeting_url}>{t("schedule.meetingUrl")}</label>
        <input
          {...fieldProps(ids.meeting_url, errors.meeting_url)}
          type="url"
          inputMode="url"
          placeholder="https://"
          value={meetingUrl}
          onChange={(event) => setMeetingUrl(event.target.value)}
        />
        <FieldProblem id={ids.meeting_url} error={errors.meeting_url} />
      </p>
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
