import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import type { Enrollment } from "../api/enrollments";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { choicesOf, SelectField, TextField } from "../forms/fields";
import { FormProblem, useFormProblems, type FieldProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { useRefreshPeople } from "./queries";
import { useTeachersOf } from "./teachers";

type EnrollmentCreate = components["schemas"]["EnrollmentCreate"];
const FIELDS = ["subject_id", "teacher_id", "custom_subject_name"] as const;
const idOf = (field: string) => `enroll-${field}`;

/** Enroll the student in a subject with a teacher who teaches it (the tutor, the office). */
export function EnrollForm({ studentId }: { studentId: string }) {
  const { api } = useApi();
  const { t } = useI18n();
  const refresh = useRefreshPeople();
  const [subjectId, setSubjectId] = useState("");
  const [teacherId, setTeacherId] = useState("");
  const [customName, setCustomName] = useState("");
  const problems = useFormProblems(FIELDS, { withDetail: true });
  const [made, setMade] = useState<Enrollment | null>(null);
  const subjects = useQuery({
    queryKey: ["people", "subjects"],
    queryFn: () => unwrap(api.GET("/api/v1/subjects")),
  });
  const { teachers, isError } = useTeachersOf(subjectId);
  const enroll = useMutation({
    mutationFn: (body: EnrollmentCreate) => unwrap(api.POST("/api/v1/enrollments", { body })),
    onSuccess: async (enrollment) => {
      setMade(enrollment);
      setSubjectId("");
      setTeacherId("");
      setCustomName("");
      await refresh();
    },
    onError: problems.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setMade(null);
    const missing: FieldProblems<(typeof FIELDS)[number]> = {};
    if (!subjectId) missing.subject_id = t("people.required");
    if (!teacherId) missing.teacher_id = t("people.required");
    if (Object.keys(missing).length > 0) {
      problems.show(missing);
      return;
    }
    problems.clear();
    const body: EnrollmentCreate = { student_id: studentId, subject_id: subjectId, teacher_id: teacherId };
    if (customName.trim()) body.custom_subject_name = customName.trim();
    enroll.mutate(body);
  }

  const noTeachers = subjectId !== "" && teachers !== undefined && teachers.length === 0;
  const teacherHint = noTeachers ? t("people.enroll.noTeachers") : undefined;
  return (
    <form ref={problems.formRef} className="form narrow" onSubmit={submit} noValidate>
      <FormProblem text={problems.top ?? (subjects.isError || isError ? t("common.loadFailed") : null)} />
      <SelectField
        id={idOf("subject_id")}
        label={t("common.subject")}
        required
        value={subjectId}
        onChange={(value) => {
          setSubjectId(value);
          setTeacherId("");
        }}
        error={problems.fields.subject_id}
        placeholder={subjects.isPending ? t("common.loading") : t("people.choose")}
        options={choicesOf(subjects.data ?? [])}
      />
      <SelectField
        id={idOf("teacher_id")}
        label={t("common.teacher")}
        hint={teacherHint}
        required
        disabled={subjectId === ""}
        value={teacherId}
        onChange={setTeacherId}
        error={problems.fields.teacher_id}
        placeholder={subjectId === "" ? t("people.enroll.subjectFirst") : t("people.choose")}
        options={choicesOf(teachers ?? [])}
      />
      <TextField
        id={idOf("custom_subject_name")}
        label={t("people.enroll.customName")}
        hint={t("people.enroll.customNameHint")}
        value={customName}
        onChange={setCustomName}
        error={problems.fields.custom_subject_name}
      />
      <button type="submit" disabled={enroll.isPending}>
        {enroll.isPending ? t("people.saving") : t("people.enroll.submit")}
      </button>
      <div role="status">
        {made && (
          <p>
            {t("people.enroll.done")}{" "}
            <Link to={`/enrollments/${made.id}`}>
              {made.display_name} · {made.teacher_name}
            </Link>
          </p>
        )}
      </div>
    </form>
  );
}
