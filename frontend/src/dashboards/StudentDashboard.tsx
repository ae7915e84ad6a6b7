import { Link } from "react-router";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Page } from "../layout/Page";
import { GreetingLine } from "./blocks/Greeting";
import { UnreadMessagesBlock, UnreadNotificationsBlock } from "./blocks/Inbox";
import { NextLessonTime, UpcomingLessons } from "./blocks/Lessons";
import { Facts, Section } from "./blocks/Section";
import { StudyPlansBlock } from "./blocks/StudyPlans";

type StudentDashboardData = components["schemas"]["StudentDashboard"];

export function StudentDashboard({ data }: { data: StudentDashboardData }) {
  const { t } = useI18n();
  return (
    <Page title={t("dashboard.title.student")}>
      <GreetingLine greeting={data.greeting} />
      <div className="grid">
        <Subjects subjects={data.subjects} />
        <UpcomingLessons lessons={data.upcoming_lessons} show="teacher" />
        <StudyPlansBlock plans={data.study_plans} showStudent={false} />
        <HomeworkDue homework={data.homework_due} />
        <RecentlyGraded graded={data.recently_graded} />
        <CurrentMaterials materials={data.current_materials} />
        <ProgressSummary progress={data.progress} />
        <RecentActivity activity={data.recent_activity} />
        <UnreadMessagesBlock unread={data.unread_messages} />
        <UnreadNotificationsBlock unread={data.unread_notifications} />
      </div>
    </Page>
  );
}

function Subjects({ subjects }: { subjects: StudentDashboardData["subjects"] }) {
  const { t } = useI18n();
  return (
    <Section id="subjects" title={t("dashboard.subjects")} empty={subjects.length === 0}>
      <ul className="items">
        {subjects.map((subject) => (
          <li
            key={subject.enrollment_id}
            data-id={subject.enrollment_id}
            data-subject-id={subject.subject_id}
          >
            <span className="swatch" aria-hidden="true" style={{ backgroundColor: subject.color }} />
            <strong>{subject.name}</strong>
            <span className="meta">
              {" "}
              · {t("common.teacher")}: {subject.teacher.name}
            </span>
            <br />
            {t("dashboard.nextLesson")}: <NextLessonTime lesson={subject.next_lesson} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

function HomeworkDue({ homework }: { homework: StudentDashboardData["homework_due"] }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <Section id="homework-due" title={t("dashboard.homeworkDue")} empty={homework.length === 0}>
      <ul className="items">
        {homework.map((item) => (
          <li key={item.assignment_id} data-id={item.assignment_id}>
            <strong>
              <Link to={`/homework/${item.assignment_id}`}>{item.title}</Link>
            </strong>{" "}
            · {item.subject_name}
            <span className="meta">
              {" "}
              · {t("dashboard.dueAt", { when: format.dateTime(item.due_at) })} ·{" "}
              {label("homeworkState", item.state)}
            </span>
            {item.is_overdue && <span className="tag warning"> {t("dashboard.overdue")}</span>}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function RecentlyGraded({ graded }: { graded: StudentDashboardData["recently_graded"] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Section id="recently-graded" title={t("dashboard.recentlyGraded")} empty={graded.length === 0}>
      <ul className="items">
        {graded.map((work) => (
          <li key={work.submission_id} data-id={work.submission_id} data-assignment-id={work.assignment_id}>
            <strong>
              <Link to={`/homework/${work.assignment_id}`}>{work.title}</Link>
            </strong>{" "}
            · {work.subject_name} · {t("dashboard.score", { score: work.score, max: work.max_score })}
            <span className="meta"> · {format.dateTime(work.graded_at)}</span>
            {work.feedback && <blockquote>{work.feedback}</blockquote>}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function CurrentMaterials({ materials }: { materials: StudentDashboardData["current_materials"] }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <Section id="current-materials" title={t("dashboard.currentMaterials")} empty={materials.length === 0}>
      <ul className="items">
        {materials.map((material) => (
          <li key={material.material_id} data-id={material.material_id}>
            <strong>
              <Link to={`/materials/${material.material_id}`}>{material.title}</Link>
            </strong>{" "}
            · {material.subject_name} · {label("materialType", material.type)}
            <br />
            <label>
              {t("dashboard.progress")}: {format.percent(material.progress_percentage)}{" "}
              <progress max={100} value={material.progress_percentage} />
            </label>
            <br />
            <span className="meta">
              {t("dashboard.timeSpent")}: {format.minutes(material.time_spent_minutes)}
              {material.completed && <> · {t("dashboard.completed")}</>}
              {material.last_accessed_at && (
                <> · {t("dashboard.lastOpened", { when: format.dateTime(material.last_accessed_at) })}</>
              )}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function ProgressSummary({ progress }: { progress: StudentDashboardData["progress"] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Section id="progress" title={t("dashboard.progressSummary")}>
      <Facts
        items={[
          [t("dashboard.materialsTotal"), format.number(progress.materials_total)],
          [t("dashboard.materialsCompleted"), format.number(progress.completed)],
          [t("dashboard.materialsInProgress"), format.number(progress.in_progress)],
          [t("dashboard.materialsNotStarted"), format.number(progress.not_started)],
          [t("dashboard.averageProgress"), format.percent(progress.average_progress)],
          [t("dashboard.timeSpent"), format.minutes(progress.time_spent_minutes)],
        ]}
      />
    </Section>
  );
}

/** An activity's title, linked to its material or homework when it names one. */
function activityLink(event: StudentDashboardData["recent_activity"][number]) {
  if (event.material_id) return <Link to={`/materials/${event.material_id}`}>{event.title}</Link>;
  if (event.assignment_id) return <Link to={`/homework/${event.assignment_id}`}>{event.title}</Link>;
  return event.title;
}

function RecentActivity({ activity }: { activity: StudentDashboardData["recent_activity"] }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <Section id="recent-activity" title={t("dashboard.recentActivity")} empty={activity.length === 0}>
      <ul className="items">
        {activity.map((event) => (
          <li
            key={`${event.kind}-${event.at}-${event.title}`}
            data-material-id={event.material_id ?? undefined}
            data-assignment-id={event.assignment_id ?? undefined}
            data-submission-id={event.submission_id ?? undefined}
          >
            {label("activityKind", event.kind)}: <strong>{activityLink(event)}</strong>
            <span className="meta"> · {format.dateTime(event.at)}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
