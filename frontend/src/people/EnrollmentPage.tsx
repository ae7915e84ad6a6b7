import { Link, useParams } from "react-router";
import type { Enrollment } from "../api/enrollments";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { EndEnrollment } from "./StudentEnrollments";

/** One enrollment: where the platform's "student enrolled" notifications lead. */
export function EnrollmentPage() {
  const { enrollmentId = "" } = useParams();
  const { t } = useI18n();
  return (
    <Loaded
      queryKey={["people", "enrollment", enrollmentId]}
      load={(api) =>
        unwrap(
          api.GET("/api/v1/enrollments/{enrollment_id}", {
            params: { path: { enrollment_id: enrollmentId } },
          }),
        )
      }
      notFound={t("people.enrollment.notFound")}
    >
      {(enrollment) => <EnrollmentView enrollment={enrollment} />}
    </Loaded>
  );
}

function EnrollmentView({ enrollment }: { enrollment: Enrollment }) {
  const { t } = useI18n();
  const format = useFormat();
  const { user } = useSession();
  const staff = user?.role === "tutor" || user?.role === "admin";
  const active = enrollment.status === "active";
  const facts: [string, string][] = [
    [t("common.subject"), subjectOf(enrollment)],
    [t("common.teacher"), enrollment.teacher_name],
    [t("people.status"), active ? t("people.enrollment.active") : t("people.enrollment.ended")],
    [t("people.enrollment.sinceLabel"), format.dateTime(enrollment.started_at)],
  ];
  if (enrollment.ended_at)
    facts.push([t("people.enrollment.endedLabel"), format.dateTime(enrollment.ended_at)]);
  if (enrollment.price_per_period !== null) {
    facts.push([
      t("people.enrollment.price"),
      t("people.enrollment.pricePerPeriod", {
        price: format.money(enrollment.price_per_period, enrollment.currency),
        weeks: enrollment.period_weeks,
      }),
    ]);
  }
  if (enrollment.paid_until !== null)
    facts.push([t("people.enrollment.paidUntil"), format.day(enrollment.paid_until)]);
  return (
    <Page
      title={t("people.enrollment.title", {
        subject: enrollment.display_name,
        student: enrollment.student_name,
      })}
    >
      <dl className="facts">
        <div>
          <dt>{t("common.student")}</dt>
          <dd>
            {staff ? (
              <Link to={`/students/${enrollment.student_id}`}>{enrollment.student_name}</Link>
            ) : (
              enrollment.student_name
            )}
          </dd>
        </div>
        {facts.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {staff && active && <EndEnrollment enrollment={enrollment} />}
    </Page>
  );
}

function subjectOf(enrollment: Enrollment): string {
  if (enrollment.custom_subject_name) return `${enrollment.custom_subject_name} (${enrollment.subject_name})`;
  return enrollment.subject_name;
}
