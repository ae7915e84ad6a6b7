import { Link } from "react-router";
import type { components } from "../../api/schema";
import { useI18n } from "../../i18n/I18nProvider";
import { useFormat } from "../../i18n/useFormat";
import { Section } from "./Section";

type UpcomingLesson = components["schemas"]["UpcomingLesson"];
type NextLesson = components["schemas"]["NextLesson"];

/** Who is shown with each lesson: a student sees the teacher, a teacher the student. */
type Show = "teacher" | "student" | "both";

export function UpcomingLessons({ lessons, show }: { lessons: UpcomingLesson[]; show: Show }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Section id="upcoming-lessons" title={t("dashboard.upcomingLessons")} empty={lessons.length === 0}>
      <ul className="items">
        {lessons.map((lesson) => (
          <li key={lesson.lesson_id} data-id={lesson.lesson_id}>
            <Link to={`/lessons/${lesson.lesson_id}`}>
              <strong>{lesson.subject_name}</strong>{" "}
              <time dateTime={lesson.start_at}>{format.span(lesson.start_at, lesson.end_at)}</time>
            </Link>
            <span className="meta">
              {show !== "student" && (
                <>
                  {" "}
                  · {t("common.teacher")}: {lesson.teacher.name}
                </>
              )}
              {show !== "teacher" && (
                <>
                  {" "}
                  · {t("common.student")}: {lesson.student.name}
                </>
              )}
            </span>
            <MeetingLink url={lesson.meeting_url} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

function MeetingLink({ url }: { url: string | null }) {
  const { t } = useI18n();
  // Only web addresses become links: anything else a teacher typed stays text.
  if (!url || !/^https?:\/\//i.test(url)) return null;
  return (
    <>
      {" "}
      <a href={url} target="_blank" rel="noopener noreferrer">
        {t("dashboard.joinLesson")}
        <span className="visually-hidden"> ({t("common.opensNewWindow")})</span>
      </a>
    </>
  );
}

export function NextLessonTime({ lesson }: { lesson: NextLesson | null }) {
  const { t } = useI18n();
  const format = useFormat();
  if (!lesson) return <span className="meta">{t("dashboard.noNextLesson")}</span>;
  return (
    <Link to={`/lessons/${lesson.lesson_id}`}>
      <time dateTime={lesson.start_at} data-lesson-id={lesson.lesson_id}>
        {format.span(lesson.start_at, lesson.end_at)}
      </time>
    </Link>
  );
}
