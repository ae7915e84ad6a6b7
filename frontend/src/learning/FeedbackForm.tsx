import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { TextField } from "../forms/fields";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { keys, refresh, type SubmissionDetail } from "./api";

const FIELDS = ["score", "comment", "return_for_revision"] as const;

/** A score within 0..max_score and a comment; or, with the box ticked, returned for revision. */
export function FeedbackForm({ submission }: { submission: SubmissionDetail }) {
  const { api } = useApi();
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [score, setScore] = useState(submission.score === null ? "" : String(submission.score));
  const [comment, setComment] = useState(submission.feedback ?? "");
  const [returning, setReturning] = useState(false);
  const problems = useFormProblems(FIELDS);
  const max = submission.max_score;

  const grade = useMutation({
    mutationFn: (value: number) =>
      unwrap(
        api.POST("/api/v1/submissions/{submission_id}/feedback", {
          params: { path: { submission_id: submission.id } },
          body: { score: value, comment: comment.trim() ? comment : null, return_for_revision: returning },
        }),
      ),
    onSuccess: async (graded) => {
      // The queue is read again before it is shown, so the graded work is gone from it at once.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.submissions, refetchType: "all" }),
        refresh(queryClient, keys.homework),
      ]);
      const notice = t(returning ? "learning.returnedDone" : "learning.gradedDone", {
        title: graded.assignment_title,
        student: graded.student_name,
        score: graded.score ?? "",
        max,
      });
      navigate("/submissions", { state: { notice } });
    },
    onError: problems.fail,
  });

  function value(): number {
    return Number(score.trim());
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = score.trim();
    if (!/^\d+$/.test(text) || value() > max) {
      return problems.show({ score: t("learning.scoreRange", { max }) });
    }
    problems.clear();
    grade.mutate(value());
  }

  return (
    <form ref={problems.formRef} className="form learning-form feedback-form" noValidate onSubmit={submit}>
      <FormProblem text={problems.top} />
      <TextField
        id="feedback-score"
        label={t("learning.scoreLabel", { max })}
        type="number"
        inputMode="numeric"
        required
        min={0}
        max={max}
        value={score}
        onChange={setScore}
        error={problems.fields.score}
      />
      <TextField
        id="feedback-comment"
        label={t("learning.comment")}
        rows={5}
        value={comment}
        onChange={setComment}
        error={problems.fields.comment}
      />
      <p className="field">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={returning}
            onChange={(event) => setReturning(event.target.checked)}
          />{" "}
          {t("learning.returnForRevision")}
        </label>
      </p>
      <button type="submit" disabled={grade.isPending}>
        {grade.isPending ? t("learning.saving") : t("learning.saveGrade")}
      </button>
    </form>
  );
}
