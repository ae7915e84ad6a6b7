import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Page } from "../layout/Page";
import { GreetingLine } from "./blocks/Greeting";
import { UnreadMessagesBlock, UnreadNotificationsBlock } from "./blocks/Inbox";
import { UpcomingLessons } from "./blocks/Lessons";
import { PaymentsDue, RecentPayments } from "./blocks/Payments";
import { UnreadReports } from "./blocks/Reports";
import { Facts, Section } from "./blocks/Section";
import { StudyPlansBlock } from "./blocks/StudyPlans";
import { StudentSubjects } from "./blocks/Subjects";

type ParentDashboardData = components["schemas"]["ParentDashboard"];
type Child = ParentDashboardData["children"][number];

export function ParentDashboard({ data }: { data: ParentDashboardData }) {
  const { t } = useI18n();
  const format = useFormat();
  const stats = data.statistics;
  return (
    <Page title={t("dashboard.title.parent")}>
      <GreetingLine greeting={data.greeting} />
      <Section id="statistics" title={t("dashboard.statistics")}>
        <Facts
          items={[
            [t("dashboard.children"), format.number(stats.children)],
            [t("dashboard.averageProgress"), format.percent(stats.average_progress)],
            [t("dashboard.subjectsPaid"), format.number(stats.paid)],
            [t("dashboard.subjectsAwaiting"), format.number(stats.awaiting)],
            [t("dashboard.subjectsOverdue"), format.number(stats.overdue)],
            [t("dashboard.unreadReports"), format.number(stats.unread_reports)],
          ]}
        />
      </Section>
      <Section id="children" title={t("dashboard.childrenTitle")} empty={data.children.length === 0}>
        {data.children.map((child) => (
          <ChildCard key={child.student.id} child={child} />
        ))}
      </Section>
      <div className="grid">
        <UpcomingLessons lessons={data.upcoming_lessons} show="both" />
        <StudyPlansBlock plans={data.study_plans} showStudent />
        <UnreadReports reports={data.unread_reports} />
        <PaymentsDue payments={data.payments_due} />
        <RecentPayments payments={data.recent_payments} />
        <UnreadMessagesBlock unread={data.unread_messages} />
        <UnreadNotificationsBlock unread={data.unread_notifications} />
      </div>
    </Page>
  );
}

function ChildCard({ child }: { child: Child }) {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = `child-${child.student.id}`;
  return (
    <article className="person" aria-labelledby={headingId} data-id={child.student.id}>
      <h3 id={headingId}>
        {child.avatar_url && <img src={child.avatar_url} alt="" width={32} height={32} className="avatar" />}
        {child.student.name}
      </h3>
      <Facts
        items={[
          [t("dashboard.grade"), child.grade ?? "—"],
          [t("dashboard.tutor"), child.tutor?.name ?? "—"],
          [t("dashboard.averageProgress"), format.percent(child.average_progress)],
        ]}
      />
      <StudentSubjects subjects={child.subjects} />
    </article>
  );
}
