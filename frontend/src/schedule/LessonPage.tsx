import { Link, useParams } from "react-router";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { LessonActions } from "./LessonActions";
import { LessonHistory } from "./LessonHistory";
import { useStatusText } from "./LessonSummary";
import { LESSONS_KEY, type Lesson } from "./queries";
import { localParts, mondayOf } from "./time";

export function LessonPage() {
  const { lessonId = "" } = useParams();
  const { t } = useI18n();
  return (
    <Loaded
      queryKey={[...LESSONS_KEY, lessonId]}
      load={(api) =>
        unwrap(api.GET("/api/v1/lessons/{lesson_id}", { params: { path: { lesson_id: lessonId } } }))
      }
      notFound={t("schedule.notFound")}
    >
      {(lesson) => <LessonView lesson={lesson} />}
    </Loaded>
  );
}

/** Only web addresses become links: anything else a teacher typed stays text. */
function MeetingLink({ url }: { url: string | null }) {
  const { t } = useI18n();
  if (!url) return <>{t("schedule.noMeetingUrl")}</>;
  if (!/^https?:\/\//i.test(url)) return <>{url}</>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {t("schedule.joinLesson")}
      <span className="visually-hidden"> ({t("common.opensNewWindow")})</span>
    </a>
  );
}

export function LessonView({ lesson }: { lesson: Lesson }) {
  const { t } = useI18n();
  const format = useFormat();
  const { user } = useSession();
  const statusText = useStatusText();
  // The platform lets only the teacher who scheduled a lesson change it.
  const owner = user?.role === "teacher" && lesson.created_by_id === user.id;
  const week = mondayOf(localParts(lesson.local_start).day);
  const cancelled = lesson.status === "cancelled";
  return (
    <Page title={t("schedule.lessonTitle", { subject: lesson.subject.name })}>
      <p>
        <Link to={`/schedule?week=${week}`}>{t("schedule.backToSchedule")}</Link>
      </p>
      <dl className="facts lesson-facts">
        <dt>{t("schedule.when")}</dt>
        <dd className={cancelled ? "cancelled" : undefined}>
          <time dateTime={lesson.start_at}>{format.span(lesson.start_at, lesson.end_at)}</time> (
          {format.minutes(lesson.duration_minutes)})
        </dd>
        <dt>{t("schedule.statusLabel")}</dt>
        <dd className={`lesson-status status-${lesson.status}`}>{statusText(lesson.status)}</dd>
        <dt>{t("common.subject")}</dt>
        <dd>{lesson.subject.name}</dd>
        <dt>{t("common.teacher")}</dt>
        <dd>{lesson.teacher.name}</dd>
        <dt>{t("common.student")}</dt>
        <dd>{lesson.student.name}</dd>
        <dt>{t("schedule.meeting")}</dt>
        <dd>
          <MeetingLink url={lesson.meeting_url} />
        </dd>
        {lesson.cancel_reason && (
          <>
            <dt>{t("schedule.field.cancel_reason")}</dt>
            <dd>{lesson.cancel_reason}</dd>
          </>
        )}
      </dl>
      <p className="meta">{t("schedule.timeZone", { zone: lesson.timezone })}</p>
      <section aria-labelledby="lesson-description" className="card">
        <h2 id="lesson-description">{t("schedule.description")}</h2>
        {lesson.description ? (
          <p className="multiline">{lesson.description}</p>
        ) : (
          <p>{t("schedule.noDescription")}</p>
        )}
      </section>
      {owner && <LessonActions lesson={lesson} />}
      <LessonHistory lessonId={lesson.id} />
    </Page>
  );
}
