import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import { enrollmentsWhere, type Enrollment } from "../api/enrollments";
import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { ConfirmedAction } from "../layout/ConfirmedAction";
import { Loaded } from "../layout/Loaded";
import { useRefreshPeople } from "./queries";

/** The student's subjects: active first, then the ended ones kept for history. */
export function StudentEnrollments({ studentId }: { studentId: string }) {
  const { t } = useI18n();
  return (
    <Loaded
      queryKey={["people", "enrollments", "student", studentId]}
      load={(api) => enrollmentsWhere(api, { student_id: studentId })}
    >
      {(enrollments) =>
        enrollments.length === 0 ? (
          <p className="empty">{t("people.enrollments.none")}</p>
        ) : (
          <ul className="items">
            {[...enrollments]
              .sort((a, b) => Number(a.status !== "active") - Number(b.status !== "active"))
              .map((enrollment) => (
                <EnrollmentRow key={enrollment.id} enrollment={enrollment} />
              ))}
          </ul>
        )
      }
    </Loaded>
  );
}

function EnrollmentRow({ enrollment }: { enrollment: Enrollment }) {
  const { t } = useI18n();
  const format = useFormat();
  const active = enrollment.status === "active";
  return (
    <li data-id={enrollment.id} className="enrollment-row">
      <Link to={`/enrollments/${enrollment.id}`}>{enrollment.display_name}</Link>
      <span className="meta">
        {" "}
        · {enrollment.teacher_name} ·{" "}
        {active
          ? t("people.enrollment.since", { when: format.dateTime(enrollment.started_at) })
          : t("people.enrollment.endedAt", {
              when: format.dateTime(enrollment.ended_at ?? enrollment.started_at),
            })}
      </span>
      {active && <EndEnrollment enrollment={enrollment} />}
    </li>
  );
}

/** Ends an enrollment after confirming; it stays in the history. */
export function EndEnrollment({ enrollment }: { enrollment: Enrollment }) {
  const { api } = useApi();
  const { t } = useI18n();
  const refresh = useRefreshPeople();
  const what = `${enrollment.display_name} (${enrollment.teacher_name})`;
  return (
    <span className="people-action">
      {" "}
      <ConfirmedAction
        label={t("people.enrollment.end")}
        name={t("people.enrollment.endNamed", { what })}
        question={t("people.enrollment.endConfirm", { what, student: enrollment.student_name })}
        run={async () => {
          await unwrap(
            api.DELETE("/api/v1/enrollments/{enrollment_id}", {
              params: { path: { enrollment_id: enrollment.id } },
            }),
          );
          await refresh();
        }}
      />
    </span>
  );
}
