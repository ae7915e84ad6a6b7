import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import { ApiError, unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { enrollmentsWhere, useRefreshPeople, type Enrollment } from "./queries";

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
  const end = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE("/api/v1/enrollments/{enrollment_id}", {
          params: { path: { enrollment_id: enrollment.id } },
        }),
      ),
    onSuccess: () => refresh(),
  });
  const what = `${enrollment.display_name} (${enrollment.teacher_name})`;
  return (
    <span className="people-action">
      {" "}
      <button
        type="button"
        disabled={end.isPending}
        aria-label={t("people.enrollment.endNamed", { what })}
        onClick={() => {
          if (window.confirm(t("people.enrollment.endConfirm", { what, student: enrollment.student_name })))
            end.mutate();
        }}
      >
        {t("people.enrollment.end")}
      </button>
      {end.isError && (
        <span role="alert" className="error">
          {" "}
          {end.error instanceof ApiError ? end.error.problem.detail : t("common.networkError")}
        </span>
      )}
    </span>
  );
}
