import { useQuery, type QueryClient } from "@tanstack/react-query";
import { useApi } from "../api/ApiProvider";
import type { Api } from "../api/client";
import { activeEnrollments } from "../api/enrollments";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";

type Schemas = components["schemas"];
export type Material = Schemas["MaterialOut"];
export type MaterialDetail = Schemas["MaterialDetailOut"];
export type Assignment = Schemas["AssignmentOut"];
export type Submission = Schemas["SubmissionOut"];
export type SubmissionDetail = Schemas["SubmissionDetailOut"];

/** Every query of this area starts with this key, so that a change refreshes what it touches. */
export const keys = {
  materials: ["learning", "materials"] as const,
  homework: ["learning", "homework"] as const,
  submissions: ["learning", "submissions"] as const,
  teaching: ["learning", "teaching"] as const,
};

/** After a change: the given lists of this area are read again, and so are the dashboards. */
export function refresh(queryClient: QueryClient, ...groups: (readonly string[])[]) {
  return Promise.all(
    [...groups, ["dashboard"]].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
  );
}

export interface Option {
  id: string;
  name: string;
}

export interface Teaching {
  /** The subjects the teacher teaches (the platform refuses any other). */
  subjects: Option[];
  /** Each subject's actively enrolled students of this teacher. */
  studentsBySubject: Record<string, Option[]>;
}

/** What a teacher may publish to: own subjects and own enrolled students in each. */
export function useTeaching() {
  const { api } = useApi();
  return useQuery({
    queryKey: keys.teaching,
    queryFn: async (): Promise<Teaching> => {
      const [account, subjects, enrollments] = await Promise.all([
        unwrap(api.GET("/api/v1/profile")),
        unwrap(api.GET("/api/v1/subjects")),
        activeEnrollments(api),
      ]);
      const taught = account.profile?.role === "teacher" ? account.profile.subject_ids : [];
      const studentsBySubject: Record<string, Option[]> = {};
      for (const enrollment of enrollments) {
        const list = (studentsBySubject[enrollment.subject_id] ??= []);
        if (!list.some((student) => student.id === enrollment.student_id)) {
          list.push({ id: enrollment.student_id, name: enrollment.student_name });
        }
      }
      return {
        subjects: subjects.filter((s) => taught.includes(s.id)).map((s) => ({ id: s.id, name: s.name })),
        studentsBySubject,
      };
    },
  });
}

/** The number of submissions waiting for a grade (one small request: the page's total). */
export function usePendingCount() {
  const { api } = useApi();
  return useQuery({
    queryKey: [...keys.submissions, "pending-count"],
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/submissions", { params: { query: { status: "pending", limit: 1, offset: 0 } } }),
        )
      ).total,
    staleTime: 60_000,
  });
}

/** Hands in work as multipart/form-data: the text and the file, each only when given. */
export function submitWork(api: Api, assignmentId: string, text: string, file: File | null) {
  const form = new FormData();
  if (text.trim()) form.append("text", text);
  if (file) form.append("file", file, file.name);
  return unwrap(
    api.POST("/api/v1/assignments/{assignment_id}/submissions", {
      params: { path: { assignment_id: assignmentId } },
      // openapi-fetch sends FormData as it is, with the browser's multipart boundary.
      body: form as unknown as Schemas["SubmissionUpload"],
    }),
  );
}

/** Attaches (or replaces) a material's file, as multipart/form-data. */
export function uploadMaterialFile(api: Api, materialId: string, file: File) {
  const form = new FormData();
  form.append("file", file, file.name);
  return unwrap(
    api.PUT("/api/v1/materials/{material_id}/file", {
      params: { path: { material_id: materialId } },
      body: form as unknown as Schemas["MaterialUpload"],
    }),
  );
}
