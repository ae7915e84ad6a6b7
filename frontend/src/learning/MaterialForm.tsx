import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { choicesOf, FileField, SelectField, TextField } from "../forms/fields";
import { FormProblem, useErrorText, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { keys, refresh, uploadMaterialFile, type Teaching } from "./api";
import { StudentPicker } from "./StudentPicker";

type Schemas = components["schemas"];
export type MaterialValues = {
  title: string;
  subject_id: string;
  type: Schemas["MaterialType"];
  status: Schemas["MaterialStatus"];
  difficulty: string;
  description: string;
  content: string;
  video_url: string;
  student_ids: string[];
};

const FIELDS = [
  "title",
  "subject_id",
  "type",
  "status",
  "difficulty",
  "description",
  "content",
  "video_url",
  "student_ids",
  "file",
] as const;
const TYPES: Schemas["MaterialType"][] = [
  "lesson",
  "theory",
  "practice",
  "test",
  "video",
  "document",
  "homework",
];

export function emptyMaterial(teaching: Teaching): MaterialValues {
  return {
    title: "",
    subject_id: teaching.subjects[0]?.id ?? "",
    type: "theory",
    status: "active",
    difficulty: "",
    description: "",
    content: "",
    video_url: "",
    student_ids: [],
  };
}

function bodyOf(values: MaterialValues): Schemas["MaterialCreate"] {
  const text = (value: string) => (value.trim() ? value : null);
  return {
    title: values.title.trim(),
    subject_id: values.subject_id,
    type: values.type,
    status: values.status,
    difficulty: values.difficulty ? Number(values.difficulty) : null,
    description: text(values.description),
    content: text(values.content),
    video_url: text(values.video_url.trim()),
    student_ids: values.student_ids,
  };
}

interface Props {
  teaching: Teaching;
  initial: MaterialValues;
  /** Editing this material; creating one when absent. */
  materialId?: string;
  /** A problem to show next to the file field from the start (a file that did not attach). */
  fileProblem?: string;
}

/** Creates or edits a material; a chosen file is uploaded once the material is saved. */
export function MaterialForm({ teaching, initial, materialId, fileProblem }: Props) {
  const { api } = useApi();
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(initial);
  const [file, setFile] = useState<File | null>(null);
  const problems = useFormProblems(FIELDS);
  const { show } = problems;
  const set = <K extends keyof MaterialValues>(name: K, value: MaterialValues[K]) =>
    setValues((now) => ({ ...now, [name]: value }));

  useEffect(() => {
    if (fileProblem) show({ file: fileProblem });
  }, [fileProblem, show]);

  const save = useMutation({
    mutationFn: async () => {
      const body = bodyOf(values);
      const saved = materialId
        ? await unwrap(
            api.PATCH("/api/v1/materials/{material_id}", {
              params: { path: { material_id: materialId } },
              body,
            }),
          )
        : await unwrap(api.POST("/api/v1/materials", { body }));
      if (file === null) return { saved, fileError: null };
      try {
        await uploadMaterialFile(api, saved.id, file);
        return { saved, fileError: null };
      } catch (error) {
        return { saved, fileError: errorText(error) };
      }
    },
    onSuccess: ({ saved, fileError }) => {
      void refresh(queryClient, keys.materials);
      if (fileError === null) navigate(`/materials/${saved.id}`);
      else if (materialId) show({ file: t("learning.fileNotAttached", { detail: fileError }) });
      // Saved without its file: the form goes on as the new material's edit form.
      else navigate(`/materials/${saved.id}/edit`, { replace: true, state: { fileProblem: fileError } });
    },
    onError: problems.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = t("learning.required");
    const found = {
      ...(values.title.trim() ? {} : { title: missing }),
      ...(values.subject_id ? {} : { subject_id: missing }),
    };
    if (Object.keys(found).length > 0) return show(found);
    problems.clear();
    save.mutate();
  }

  const students = teaching.studentsBySubject[values.subject_id] ?? [];
  const statuses: Schemas["MaterialStatus"][] = materialId
    ? ["draft", "active", "archived"]
    : ["draft", "active"];
  const errors = problems.fields;
  return (
    <form ref={problems.formRef} className="form learning-form" noValidate onSubmit={submit}>
      <FormProblem text={problems.top} />
      <TextField
        id="material-title"
        label={t("learning.title")}
        required
        value={values.title}
        onChange={(value) => set("title", value)}
        error={errors.title}
      />
      <SelectField
        id="material-subject"
        label={t("common.subject")}
        required
        value={values.subject_id}
        onChange={(value) => {
          const allowed = new Set((teaching.studentsBySubject[value] ?? []).map((s) => s.id));
          setValues((now) => ({
            ...now,
            subject_id: value,
            student_ids: now.student_ids.filter((id) => allowed.has(id)),
          }));
        }}
        error={errors.subject_id}
        options={choicesOf(teaching.subjects)}
      />
      <SelectField
        id="material-type"
        label={t("learning.type")}
        value={values.type}
        onChange={(value) => set("type", value as Schemas["MaterialType"])}
        error={errors.type}
        options={TYPES.map((type) => ({ value: type, label: label("materialType", type) }))}
      />
      <SelectField
        id="material-status"
        label={t("learning.status")}
        hint={t("learning.statusHint")}
        value={values.status}
        onChange={(value) => set("status", value as Schemas["MaterialStatus"])}
        error={errors.status}
        options={statuses.map((status) => ({ value: status, label: label("materialStatus", status) }))}
      />
      <SelectField
        id="material-difficulty"
        label={t("learning.difficulty")}
        value={values.difficulty}
        onChange={(value) => set("difficulty", value)}
        error={errors.difficulty}
        placeholder={t("learning.difficultyNone")}
        options={["1", "2", "3", "4", "5"].map((level) => ({ value: level, label: level }))}
      />
      <TextField
        id="material-description"
        label={t("learning.description")}
        rows={3}
        value={values.description}
        onChange={(value) => set("description", value)}
        error={errors.description}
      />
      <TextField
        id="material-content"
        label={t("learning.content")}
        rows={10}
        value={values.content}
        onChange={(value) => set("content", value)}
        error={errors.content}
      />
      <TextField
        id="material-video"
        label={t("learning.videoUrl")}
        type="url"
        value={values.video_url}
        onChange={(value) => set("video_url", value)}
        error={errors.video_url}
      />
      <FileField
        id="material-file"
        label={t("learning.file")}
        hint={materialId ? t("learning.fileReplaceHint") : t("learning.fileHint")}
        onChange={setFile}
        error={errors.file}
      />
      <StudentPicker
        id="material-students"
        students={students}
        chosen={values.student_ids}
        onChange={(chosen) => set("student_ids", chosen)}
        error={errors.student_ids}
      />
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? t("learning.saving") : materialId ? t("learning.save") : t("learning.create")}
      </button>
    </form>
  );
}
