import { useState } from "react";
import { Link } from "react-router";
import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { Pager } from "../layout/Pager";
import { keys } from "./api";
import { Notice } from "./Notice";

const PAGE_SIZE = 20;

/** The teacher's work waiting for a grade, oldest first; each opens its grading view. */
export function SubmissionsPage() {
  const { t } = useI18n();
  const format = useFormat();
  const [offset, setOffset] = useState(0);
  return (
    <Page title={t("learning.toGrade")}>
      <Notice />
      <Loaded
        queryKey={[...keys.submissions, "pending", offset]}
        load={(api) =>
          unwrap(
            api.GET("/api/v1/submissions", {
              params: { query: { status: "pending", limit: PAGE_SIZE, offset } },
            }),
          )
        }
      >
        {(page) =>
          page.total === 0 ? (
            <p>{t("learning.nothingToGrade")}</p>
          ) : (
            <>
              <p className="meta">{t("learning.waitingTotal", { count: page.total })}</p>
              <ol className="items grading-queue" start={offset + 1}>
                {page.items.map((submission) => (
                  <li key={submission.id} data-id={submission.id}>
                    <Link to={`/submissions/${submission.id}`}>
                      {t("learning.gradeWorkOf", {
                        title: submission.assignment_title,
                        student: submission.student_name,
                      })}
                    </Link>
                    <span className="meta">
                      {" "}
                      · {submission.subject_name} ·{" "}
                      {t("learning.submittedAt", { when: format.dateTime(submission.submitted_at) })}
                      {submission.version > 1 && (
                        <> · {t("learning.versionOf", { number: submission.version })}</>
                      )}
                    </span>
                    {submission.is_late && <span className="tag warning"> {t("learning.late")}</span>}
                  </li>
                ))}
              </ol>
              <Pager total={page.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} />
            </>
          )
        }
      </Loaded>
    </Page>
  );
}
