import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import type { SubmissionDetail } from "./api";
import { LearningFile } from "./LearningFile";

/** Every version of handed-in work, newest first: its text, its file, when and whether late. */
export function WorkVersions({ submission }: { submission: SubmissionDetail }) {
  const { t } = useI18n();
  const format = useFormat();
  const versions = [...submission.versions].reverse();
  return (
    <ol className="plain work-versions">
      {versions.map((version) => (
        <li key={version.number} data-version={version.number} className="work-version">
          <p className="meta">
            {t("learning.versionOf", { number: version.number })} ·{" "}
            {t("learning.submittedAt", { when: format.dateTime(version.submitted_at) })}
            {version.is_late && <span className="tag warning"> {t("learning.late")}</span>}
          </p>
          {version.text && <p className="multiline work-text">{version.text}</p>}
          {version.file && (
            <p>
              <LearningFile
                source={{ kind: "submission", submissionId: submission.id, number: version.number }}
                name={version.file.name}
                size={version.file.size}
              />
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

/** The grade and the teacher's comment, once given. */
export function GradeView({ submission }: { submission: SubmissionDetail }) {
  const { t } = useI18n();
  const format = useFormat();
  if (submission.score === null) return null;
  return (
    <div className="grade" data-status={submission.status}>
      <p>
        <strong>{t("learning.grade")}:</strong>{" "}
        {t("learning.score", { score: submission.score, max: submission.max_score })}
        {submission.graded_at && <span className="meta"> · {format.dateTime(submission.graded_at)}</span>}
      </p>
      {submission.status === "returned" && <p>{t("learning.returnedNote")}</p>}
      {submission.feedback && (
        <figure className="feedback">
          <figcaption>{t("learning.feedback")}</figcaption>
          <blockquote className="multiline">{submission.feedback}</blockquote>
        </figure>
      )}
    </div>
  );
}
