import { useState } from "react";
import { Link } from "react-router";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { Pager } from "../layout/Pager";
import { keys, type Assignment } from "./api";
import { homeworkState } from "./homeworkState";
import { Notice } from "./Notice";

const PAGE_SIZE = 20;

/** A teacher's own assignments with their counts; a student's own with where they stand. */
export function HomeworkPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const [offset, setOffset] = useState(0);
  const teacher = user?.role === "teacher";
  return (
    <Page title={t("learning.homework")}>
      <Notice />
      {teacher && (
        <p>
          <Link to="/homework/new" className="button">
            {t("learning.newAssignment")}
          </Link>
        </p>
      )}
      <Loaded
        queryKey={[...keys.homework, "list", offset]}
        load={(api) =>
          unwrap(api.GET("/api/v1/assignments", { params: { query: { limit: PAGE_SIZE, offset } } }))
        }
      >
        {(page) =>
          page.total === 0 ? (
            <p>{t("learning.noAssignments")}</p>
          ) : (
            <>
              <AssignmentTable assignments={page.items} student={user?.role === "student"} />
              <Pager total={page.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} />
            </>
          )
        }
      </Loaded>
    </Page>
  );
}

function AssignmentTable({ assignments, student }: { assignments: Assignment[]; student: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <table className="assignments">
      <caption className="visually-hidden">{t("learning.homework")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("learning.assignment")}</th>
          <th scope="col">{t("common.subject")}</th>
          <th scope="col">{t("learning.dueAt")}</th>
          <th scope="col">{student ? t("learning.state") : t("learning.status")}</th>
          {!student && <th scope="col">{t("learning.handedIn")}</th>}
        </tr>
      </thead>
      <tbody>
        {assignments.map((assignment) => (
          <tr key={assignment.id} data-id={assignment.id}>
            <th scope="row">
              <Link to={`/homework/${assignment.id}`}>{assignment.title}</Link>
            </th>
            <td>{assignment.subject_name}</td>
            <td>{format.dateTime(assignment.due_at)}</td>
            <td>
              {student ? (
                <StudentState assignment={assignment} />
              ) : (
                t(`learning.assignmentStatus.${assignment.status}`)
              )}
            </td>
            {!student && (
              <td>
                {assignment.counts &&
                  t("learning.countsHandedIn", {
                    submitted: assignment.counts.submitted,
                    assigned: assignment.counts.assigned,
                    graded: assignment.counts.graded,
                  })}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StudentState({ assignment }: { assignment: Assignment }) {
  const { t } = useI18n();
  const state = homeworkState(assignment);
  const own = assignment.own_submission;
  return (
    <span className={`homework-state state-${state}`}>
      {t(`learning.state.${state}`)}
      {own?.score != null && state !== "submitted" && (
        <> · {t("learning.score", { score: own.score, max: assignment.max_score })}</>
      )}
    </span>
  );
}
