import { Fragment } from "react";
import { Link } from "react-router";
import type { components } from "../api/schema";
import { useSession, type Role } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import { useFormat } from "../i18n/useFormat";
import type { Lesson } from "./queries";

type Status = components["schemas"]["LessonStatus"];

export const STATUS_KEY: Record<Status, MessageKey> = {
  scheduled: "schedule.status.scheduled",
  completed: "schedule.status.completed",
  cancelled: "schedule.status.cancelled",
};

/** The status in words; a status the platform added later is shown as its code. */
export function useStatusText() {
  const { t } = useI18n();
  return (status: string) => (status in STATUS_KEY ? t(STATUS_KEY[status as Status]) : status);
}

/** Who else takes part: a student sees the teacher, a teacher the student, others both. */
export function peopleOf(lesson: Lesson, role: Role | undefined) {
  const student = { key: "common.student" as const, name: lesson.student.name };
  const teacher = { key: "common.teacher" as const, name: lesson.teacher.name };
  if (role === "student") return [teacher];
  if (role === "teacher") return [student];
  return [student, teacher];
}

/** One lesson in the week or the list: a link to its page, the people and the status. */
export function LessonSummary({ lesson }: { lesson: Lesson }) {
  const { t } = useI18n();
  const format = useFormat();
  const { user } = useSession();
  const statusText = useStatusText();
  const cancelled = lesson.status === "cancelled";
  return (
    <>
      <Link to={`/lessons/${lesson.id}`} className={cancelled ? "lesson-link cancelled" : "lesson-link"}>
        <time dateTime={lesson.start_at}>{format.time(lesson.start_at)}</time>–
        <time dateTime={lesson.end_at}>{format.time(lesson.end_at)}</time>{" "}
        <span className="lesson-subject">{lesson.subject.name}</span>
      </Link>{" "}
      <span className="meta lesson-people">
        {peopleOf(lesson, user?.role).map((person, index) => (
          <Fragment key={person.key}>
            {index > 0 && " · "}
            <span className="visually-hidden">{t(person.key)}: </span>
            {person.name}
          </Fragment>
        ))}
      </span>{" "}
      <span className={`lesson-status status-${lesson.status}`}>{statusText(lesson.status)}</span>
    </>
  );
}
