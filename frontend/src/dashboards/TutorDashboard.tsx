import { Link } from "react-router";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Page } from "../layout/Page";
import { GreetingLine } from "./blocks/Greeting";
import { UnreadMessagesBlock, UnreadNotificationsBlock } from "./blocks/Inbox";
import { NextLessonTime, UpcomingLessons } from "./blocks/Lessons";
import { SentReports } from "./blocks/Reports";
import { Facts, Section } from "./blocks/Section";
import { StudentSubjects } from "./blocks/Subjects";

type TutorDashboardData = components["schemas"]["TutorDashboard"];
type TutoredStudent = TutorDashboardData["students"][number];

export function TutorDashboard({ data }: { data: TutorDashboardData }) {
  const { t } = useI18n();
  const format = useFormat();
  const stats = data.statistics;
  return (
    <Page title={t("dashboard.title.tutor")}>
      <GreetingLine greeting={data.greeting} />
      <Section id="statistics" title={t("dashboard.statistics")}>
        <Facts
          items={[
            [t("dashboard.students"), format.number(stats.students)],
            [t("dashboard.subjectsCount"), format.number(stats.subjects)],
            [t("dashboard.averageProgress"), format.percent(stats.average_progress)],
            [t("dashboard.overduePayments"), format.number(stats.overdue_payments)],
          ]}
        />
      </Section>
      <Section id="students" title={t("dashboard.ownStudents")} empty={data.students.length === 0}>
        {data.students.map((student) => (
          <TutoredStudentCard key={student.student.id} student={student} />
        ))}
      </Section>
      <div className="grid">
        <UpcomingLessons lessons={data.upcoming_lessons} show="both" />
        <SentReports reports={data.recent_reports} />
        <UnreadMessagesBlock unread={data.unread_messages} />
        <UnreadNotificationsBlock unread={data.unread_notifications} />
      </div>
    </Page>
  );
}

function TutoredStudentCard({ student }: { student: TutoredStudent }) {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = `student-${student.student.id}`;
  return (
    <article className="person" aria-labelledby={headingId} data-id={student.student.id}>
      <h3 id={headingId}>
        {student.avatar_url && (
          <img src={student.avatar_url} alt="" width={32} height={32} className="avatar" />
        )}
        <Link to={`/students/${student.student.id}`}>{student.student.name}</Link>
      </h3>
      <Facts
        items={[
          [t("dashboard.grade"), student.grade ?? "—"],
          [t("dashboard.parent"), student.parent?.name ?? "—"],
          [t("dashboard.averageProgress"), format.percent(student.average_progress)],
          [t("dashboard.nextLesson"), <NextLessonTime key="next" lesson={student.next_lesson} />],
          [
            t("dashboard.lastReport"),
            student.last_report ? (
              <span key="report" data-report-id={student.last_report.report_id}>
                <Link to={`/reports/${student.last_report.report_id}`}>{student.last_report.title}</Link> ·{" "}
                {format.dateTime(student.last_report.sent_at)}
              </span>
            ) : (
              "—"
            ),
          ],
        ]}
      />
      <StudentSubjects subjects={student.subjects} />
    </article>
  );
}
