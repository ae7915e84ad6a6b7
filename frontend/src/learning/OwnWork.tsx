import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { Loaded } from "../layout/Loaded";
import { keys, type Assignment } from "./api";
import { SubmitForm } from "./SubmitForm";
import { GradeView, WorkVersions } from "./WorkVersions";

/** The student's own work on an assignment: the grade and comment, what was handed in, and the form. */
export function OwnWork({ assignment }: { assignment: Assignment }) {
  const { t } = useI18n();
  const own = assignment.own_submission;
  const open = assignment.status !== "closed" && own?.status !== "graded";
  return (
    <section aria-labelledby="own-work" className="card">
      <h2 id="own-work">{t("learning.yourWork")}</h2>
      {own === null ? (
        <p>{t("learning.notHandedIn")}</p>
      ) : (
        <Loaded
          queryKey={[...keys.submissions, own.id]}
          load={(api) =>
            unwrap(
              api.GET("/api/v1/submissions/{submission_id}", { params: { path: { submission_id: own.id } } }),
            )
          }
        >
          {(submission) => (
            <>
              <GradeView submission={submission} />
              <WorkVersions submission={submission} />
            </>
          )}
        </Loaded>
      )}
      {assignment.status === "closed" && <p>{t("learning.closedNote")}</p>}
      {open && <SubmitForm assignmentId={assignment.id} again={own !== null} />}
    </section>
  );
}
