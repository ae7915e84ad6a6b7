import { Link } from "react-router";
import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { keys, type Assignment } from "./api";

/** The work handed in for one assignment, for its teacher: each opens the grading view. */
export function AssignmentSubmissions({ assignment }: { assignment: Assignment }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <section aria-labelledby="assignment-submissions" className="card">
      <h2 id="assignment-submissions">{t("learning.submissions")}</h2>
      <Loaded
        queryKey={[...keys.submissions, "of", assignment.id]}
        load={(api) =>
          unwrap(
            api.GET("/api/v1/submissions", {
              params: { query: { assignment_id: assignment.id, limit: 100, offset: 0 } },
            }),
          )
        }
      >
        {(page) =>
          page.items.length === 0 ? (
            <p>{t("learning.noSubmissions")}</p>
          ) : (
            <ul className="items">
              {page.items.map((submission) => (
                <li key={submission.id} data-id={submission.id}>
                  <Link to={`/submissions/${submission.id}`}>{submission.student_name}</Link>
                  <span className="meta">
                    {" "}
                    · {t(`learning.submissionStatus.${submission.status}`)}
                    {submission.score !== null && (
                      <> · {t("learning.score", { score: submission.score, max: submission.max_score })}</>
                    )}{" "}
                    · {t("learning.submittedAt", { when: format.dateTime(submission.submitted_at) })}
                  </span>
                  {submission.is_late && <span className="tag warning"> {t("learning.late")}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
