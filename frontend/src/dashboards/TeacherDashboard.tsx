import { Link } from "react-router";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Page } from "../layout/Page";
import { GreetingLine } from "./blocks/Greeting";
import { UnreadMessagesBlock, UnreadNotificationsBlock } from "./blocks/Inbox";
import { UpcomingLessons } from "./blocks/Lessons";
import { SentReports } from "./blocks/Reports";
import { Facts, Section } from "./blocks/Section";

type TeacherDashboardData = components["schemas"]["TeacherDashboard"];

export function TeacherDashboard({ data }: { data: TeacherDashboardData }) {
  const { t } = useI18n();
  const format = useFormat();
  const counters = data.counters;
  return (
    <Page title={t("dashboard.title.teacher")}>
      <GreetingLine greeting={data.greeting} />
      <Section id="counters" title={t("dashboard.counters")}>
        <Facts
          items={[
            [t("dashboard.students"), format.number(counters.students)],
            [t("dashboard.activeMaterials"), format.number(counters.active_materials)],
            [t("dashboard.submissionsToGrade"), format.number(counters.submissions_to_grade)],
            [t("dashboard.lessonsThisWeek"), format.number(counters.lessons_this_week)],
          ]}
        />
      </Section>
      <Students students={data.students} total={data.students_total} />
      <div className="grid">
        <WaitingSubmissions submissions={data.submissions_waiting} />
        <UpcomingLessons lessons={data.upcoming_lessons} show="student" />
        <Materials materials={data.materials} />
        <SentReports reports={data.recent_reports} />
        <UnreadMessagesBlock unread={data.unread_messages} />
        <UnreadNotificationsBlock unread={data.unread_notifications} />
      </div>
    </Page>
  );
}

function WaitingSubmissions({ submissions }: { submissions: TeacherDashboardData["submissions_waiting"] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Section
      id="submissions-waiting"
      title={t("dashboard.submissionsWaiting")}
      empty={submissions.length === 0}
    >
      <ul className="items">
        {submissions.map((item) => (
          <li key={item.submission_id} data-id={item.submission_id} data-assignment-id={item.assignment_id}>
            <strong>
              <Link to={`/submissions/${item.submission_id}`}>{item.assignment_title}</Link>
            </strong>{" "}
            · {item.student.name}
            <span className="meta">
              {" "}
              · {t("dashboard.submittedAt", { when: format.dateTime(item.submitted_at) })} ·{" "}
              {t("dashboard.version", { version: item.version })}
            </span>
            {item.is_late && <span className="tag warning"> {t("dashboard.late")}</span>}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Students({ students, total }: { students: TeacherDashboardData["students"]; total: number }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Section id="students" title={t("dashboard.studentsTitle", { total })} empty={students.length === 0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("common.student")}</th>
            <th scope="col">{t("common.subject")}</th>
            <th scope="col">{t("dashboard.completion")}</th>
            <th scope="col">{t("dashboard.lastActivity")}</th>
          </tr>
        </thead>
        <tbody>
          {students.map((row) => (
            <tr key={row.enrollment_id} data-id={row.enrollment_id} data-student-id={row.student.id}>
              <th scope="row">{row.student.name}</th>
              <td>{row.subject_name}</td>
              <td>{format.percent(row.completion_percentage)}</td>
              <td>{row.last_activity_at ? format.dateTime(row.last_activity_at) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Materials({ materials }: { materials: TeacherDashboardData["materials"] }) {
  const { t, label } = useI18n();
  return (
    <Section id="materials" title={t("dashboard.ownMaterials")} empty={materials.length === 0}>
      <ul className="items">
        {materials.map((material) => (
          <li key={material.material_id} data-id={material.material_id}>
            <strong>
              <Link to={`/materials/${material.material_id}`}>{material.title}</Link>
            </strong>{" "}
            · {material.subject_name}
            <span className="meta">
              {" "}
              · {label("materialStatus", material.status)} ·{" "}
              {t("dashboard.assignedCompleted", {
                assigned: material.assigned_count,
                completed: material.completed_count,
              })}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
