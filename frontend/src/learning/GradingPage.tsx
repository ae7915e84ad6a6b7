import { Link, useParams } from "react-router";
import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { keys, type SubmissionDetail } from "./api";
import { FeedbackForm } from "./FeedbackForm";
import { GradeView, WorkVersions } from "./WorkVersions";

/** One submission for its teacher: every version handed in, then the grade and comment. */
export function GradingPage() {
  const { submissionId = "" } = useParams();
  const { t } = useI18n();
  return (
    <Loaded
      queryKey={[...keys.submissions, submissionId]}
      load={(api) =>
        unwrap(
          api.GET("/api/v1/submissions/{submission_id}", {
            params: { path: { submission_id: submissionId } },
          }),
        )
      }
      notFound={t("learning.submissionNotFound")}
    >
      {(submission) => <GradingView submission={submission} />}
    </Loaded>
  );
}

function GradingView({ submission }: { submission: SubmissionDetail }) {
  const { t } = useI18n();
  return (
    <Page
      title={t("learning.gradeWorkOf", {
        title: submission.assignment_title,
        student: submission.student_name,
      })}
    >
      <dl className="facts">
        <dt>{t("common.student")}</dt>
        <dd>{submission.student_name}</dd>
        <dt>{t("common.subject")}</dt>
        <dd>{submission.subject_name}</dd>
        <dt>{t("learning.assignment")}</dt>
        <dd>
          <Link to={`/homework/${submission.assignment_id}`}>{submission.assignment_title}</Link>
        </dd>
        <dt>{t("learning.status")}</dt>
        <dd>{t(`learning.submissionStatus.${submission.status}`)}</dd>
      </dl>
      <section aria-labelledby="work" className="card">
        <h2 id="work">{t("learning.work")}</h2>
        <WorkVersions submission={submission} />
      </section>
      <section aria-labelledby="grading" className="card">
        <h2 id="grading">{submission.score === null ? t("learning.grading") : t("learning.correctGrade")}</h2>
        <GradeView submission={submission} />
        <FeedbackForm submission={submission} />
      </section>
      <p>
        <Link to="/submissions">{t("learning.backToQueue")}</Link>
      </p>
    </Page>
  );
}
