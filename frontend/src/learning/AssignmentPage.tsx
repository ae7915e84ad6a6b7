import { Link, useParams } from "react-router";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { keys, type Assignment } from "./api";
import { AssignmentSubmissions } from "./AssignmentSubmissions";
import { StudentState } from "./HomeworkPage";
import { LearningFile } from "./LearningFile";
import { OwnWork } from "./OwnWork";

/** One assignment (where the platform's notifications link to). */
export function AssignmentPage() {
  const { assignmentId = "" } = useParams();
  const { t } = useI18n();
  return (
    <Loaded
      queryKey={[...keys.homework, assignmentId]}
      load={(api) =>
        unwrap(
          api.GET("/api/v1/assignments/{assignment_id}", {
            params: { path: { assignment_id: assignmentId } },
          }),
        )
      }
      notFound={t("learning.assignmentNotFound")}
    >
      {(assignment) => <AssignmentView assignment={assignment} />}
    </Loaded>
  );
}

function AssignmentView({ assignment }: { assignment: Assignment }) {
  const { t } = useI18n();
  const format = useFormat();
  const { user } = useSession();
  const student = user?.role === "student";
  return (
    <Page title={assignment.title}>
      <dl className="facts">
        <dt>{t("common.subject")}</dt>
        <dd>{assignment.subject_name}</dd>
        <dt>{t("common.teacher")}</dt>
        <dd>{assignment.author_name}</dd>
        <dt>{t("learning.dueAt")}</dt>
        <dd>{format.dateTime(assignment.due_at)}</dd>
        <dt>{t("learning.maxScore")}</dt>
        <dd>{assignment.max_score}</dd>
        <dt>{student ? t("learning.state") : t("learning.status")}</dt>
        <dd>
          {student ? (
            <StudentState assignment={assignment} />
          ) : (
            t(`learning.assignmentStatus.${assignment.status}`)
          )}
        </dd>
        {assignment.counts && (
          <>
            <dt>{t("learning.handedIn")}</dt>
            <dd>
              {t("learning.countsHandedIn", {
                submitted: assignment.counts.submitted,
                assigned: assignment.counts.assigned,
                graded: assignment.counts.graded,
              })}
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="assignment-instructions" className="card">
        <h2 id="assignment-instructions">{t("learning.instructions")}</h2>
        {assignment.instructions ? (
          <p className="multiline">{assignment.instructions}</p>
        ) : (
          <p>{t("learning.noInstructions")}</p>
        )}
        {assignment.attachments.length > 0 && (
          <ul className="plain">
            {assignment.attachments.map((file) => (
              <li key={file.id}>
                <LearningFile
                  source={{ kind: "attachment", assignmentId: assignment.id, fileId: file.id }}
                  name={file.name}
                  size={file.size}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      {student && <OwnWork assignment={assignment} />}
      {assignment.counts && <AssignmentSubmissions assignment={assignment} />}
      <p>
        <Link to="/homework">{t("learning.allHomework")}</Link>
      </p>
    </Page>
  );
}
