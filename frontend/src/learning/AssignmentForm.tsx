import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import { useTimeZone } from "../api/config";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { choicesOf, SelectField, TextField } from "../forms/fields";
import { FormProblem, useFormProblems, type FieldProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { Page } from "../layout/Page";
import { keys, refresh, type Teaching } from "./api";
import { WithTeaching } from "./MaterialFormPage";
import { StudentPicker } from "./StudentPicker";
import { schoolTimeToIso } from "./time";

const FIELDS = [
  "title",
  "subject_id",
  "due_at",
  "max_score",
  "instructions",
  "status",
  "student_ids",
] as const;
type Field = (typeof FIELDS)[number];
type Status = components["schemas"]["AssignmentStatus"];

export function NewAssignmentPage() {
  const { t } = useI18n();
  return (
    <Page title={t("learning.newAssignment")}>
      <WithTeaching>{(teaching) => <AssignmentForm teaching={teaching} />}</WithTeaching>
    </Page>
  );
}

/** Sets homework for own enrolled students; the due time is read in the school's time zone. */
function AssignmentForm({ teaching }: { teaching: Teaching }) {
  const { api } = useApi();
  const { t } = useI18n();
  const zone = useTimeZone();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    title: "",
    subject_id: teaching.subjects[0]?.id ?? "",
    due_at: "",
    max_score: "100",
    instructions: "",
    status: "published" as Status,
    student_ids: [] as string[],
  });
  const problems = useFormProblems(FIELDS);
  const set = <K extends keyof typeof values>(name: K, value: (typeof values)[K]) =>
    setValues((now) => ({ ...now, [name]: value }));

  const create = useMutation({
    mutationFn: (body: components["schemas"]["AssignmentCreate"]) =>
      unwrap(api.POST("/api/v1/assignments", { body })),
    onSuccess: async (assignment) => {
      await refresh(queryClient, keys.homework);
      navigate(`/homework/${assignment.id}`);
    },
    onError: problems.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldProblems<Field> = {};
    const dueAt = schoolTimeToIso(values.due_at, zone);
    const maxScore = /^\d+$/.test(values.max_score.trim()) ? Number(values.max_score) : NaN;
    if (!values.title.trim()) found.title = t("learning.required");
    if (!values.subject_id) found.subject_id = t("learning.required");
    if (dueAt === null) found.due_at = t("learning.dueRequired");
    if (!(maxScore >= 1 && maxScore <= 1000)) found.max_score = t("learning.maxScoreRange");
    if (values.student_ids.length === 0) found.student_ids = t("learning.chooseStudents");
    if (Object.keys(found).length > 0 || dueAt === null) return problems.show(found);
    problems.clear();
    create.mutate({
      title: values.title.trim(),
      subject_id: values.subject_id,
      due_at: dueAt,
      max_score: maxScore,
      instructions: values.instructions.trim() ? values.instructions : null,
      status: values.status,
      student_ids: values.student_ids,
    });
  }

  const errors = problems.fields;
  return (
    <form ref={problems.formRef} className="form learning-form" noValidate onSubmit={submit}>
      <FormProblem text={problems.top} />
      <TextField
        id="assignment-title"
        label={t("learning.title")}
        required
        value={values.title}
        onChange={(value) => set("title", value)}
        error={errors.title}
      />
      <SelectField
        id="assignment-subject"
        label={t("common.subject")}
        required
        value={values.subject_id}
        onChange={(value) => setValues((now) => ({ ...now, subject_id: value, student_ids: [] }))}
        error={errors.subject_id}
        options={choicesOf(teaching.subjects)}
      />
      <TextField
        id="assignment-due"
        label={t("learning.dueAt")}
        hint={t("learning.dueHint", { zone })}
        type="datetime-local"
        required
        value={values.due_at}
        onChange={(value) => set("due_at", value)}
        error={errors.due_at}
      />
      <TextField
        id="assignment-max-score"
        label={t("learning.maxScore")}
        type="number"
        inputMode="numeric"
        min={1}
        max={1000}
        value={values.max_score}
        onChange={(value) => set("max_score", value)}
        error={errors.max_score}
      />
      <TextField
        id="assignment-instructions"
        label={t("learning.instructions")}
        rows={6}
        value={values.instructions}
        onChange={(value) => set("instructions", value)}
        error={errors.instructions}
      />
      <SelectField
        id="assignment-status"
        label={t("learning.status")}
        value={values.status}
        onChange={(value) => set("status", value as Status)}
        error={errors.status}
        options={(["published", "draft"] as const).map((status) => ({
          value: status,
          label: t(`learning.assignmentStatus.${status}`),
        }))}
      />
      <StudentPicker
        id="assignment-students"
        students={teaching.studentsBySubject[values.subject_id] ?? []}
        chosen={values.student_ids}
        onChange={(chosen) => set("student_ids", chosen)}
        error={errors.student_ids}
      />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? t("learning.saving") : t("learning.setAssignment")}
      </button>
    </form>
  );
}
