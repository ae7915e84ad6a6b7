import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { Field, FormAlert, TextField } from "./Field";
import { NO_PROBLEM, formProblem, useFocusFirstError, type FormProblem } from "./formProblem";
import { useRefreshPeople, type Enrollment } from "./queries";
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
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [made, setMade] = useState<Enrollment | null>(null);
  useFocusFirstError(problem, idOf);
  const subjects = useQuery({
    queryKey: ["people", "subjects"],
    queryFn: () => unwrap(api.GET("/api/v1/subjects")),
  });
  const { teachers, isError, complete } = useTeachersOf(subjectId);
  const enroll = useMutation({
    mutationFn: (body: EnrollmentCreate) => unwrap(api.POST("/api/v1/enrollments", { body })),
    onSuccess: async (enrollment) => {
      setMade(enrollment);
      setSubjectId("");
      setTeacherId("");
      setCustomName("");
      await refresh();
    },
    onError: (error) => setProblem(formProblem(error, FIELDS, t("common.networkError"))),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setMade(null);
    const missing: Record<string, string> = {};
    if (!subjectId) missing.subject_id = t("people.required");
    if (!teacherId) missing.teacher_id = t("people.required");
    if (Object.keys(missing).length > 0) {
      setProblem({ fields: missing, top: null });
      return;
    }
    setProblem(NO_PROBLEM);
    const body: EnrollmentCreate = { student_id: studentId, subject_id: subjectId, teacher_id: teacherId };
    if (customName.trim()) body.custom_subject_name = customName.trim();
    enroll.mutate(body);
  }

  const noTeachers = subjectId !== "" && teachers !== undefined && teachers.length === 0;
  let teacherHint = complete ? undefined : t("people.enroll.teachersKnown");
  if (noTeachers) teacherHint = complete ? t("people.enroll.noTeachers") : t("people.enroll.noTeachersKnown");
  return (
    <form className="form narrow" onSubmit={submit} noValidate>
      <FormAlert message={problem.top ?? (subjects.isError || isError ? t("common.loadFailed") : null)} />
      <Field id={idOf("subject_id")} label={t("common.subject")} error={problem.fields.subject_id}>
        {(control) => (
          <select
            {...control}
            required
            value={subjectId}
            onChange={(event) => {
              setSubjectId(event.target.value);
              setTeacherId("");
            }}
          >
            <option value="">{subjects.isPending ? t("common.loading") : t("people.choose")}</option>
            {subjects.data?.map((subject) => (
              <option key={subject.id} value={subject.id}>
                {subject.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={idOf("teacher_id")}
        label={t("common.teacher")}
        error={problem.fields.teacher_id}
        hint={teacherHint}
      >
        {(control) => (
          <select
            {...control}
            required
            disabled={subjectId === ""}
            value={teacherId}
            onChange={(event) => setTeacherId(event.target.value)}
          >
            <option value="">
              {subjectId === "" ? t("people.enroll.subjectFirst") : t("people.choose")}
            </option>
            {teachers?.map((teacher) => (
              <option key={teacher.id} value={teacher.id}>
                {teacher.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        id={idOf("custom_subject_name")}
        label={t("people.enroll.customName")}
        hint={t("people.enroll.customNameHint")}
        value={customName}
        onChange={setCustomName}
        error={problem.fields.custom_subject_name}
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
