import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiProvider";
import type { Api } from "./client";
import { allPages, PAGE_LIMIT } from "./pages";
import { unwrap } from "./problem";
import type { components } from "./schema";

export type Enrollment = components["schemas"]["EnrollmentOut"];

/** Enrollments the caller may see (a teacher: their own), narrowed by the given filters. */
export function enrollmentsWhere(api: Api, query: { student_id?: string; status?: "active" | "ended" }) {
  return allPages((offset) =>
    unwrap(api.GET("/api/v1/enrollments", { params: { query: { ...query, limit: PAGE_LIMIT, offset } } })),
  );
}

/** The caller's active enrollments: whom, and in what, a teacher teaches now. */
export function activeEnrollments(api: Api): Promise<Enrollment[]> {
  return enrollmentsWhere(api, { status: "active" });
}

// Under "enrollments", which every change of an enrollment refreshes.
export const ACTIVE_ENROLLMENTS_KEY = ["enrollments", "active"] as const;

/** The caller's active enrollments, for the forms that pick a student (and a subject). */
export function useActiveEnrollments() {
  const { api } = useApi();
  return useQuery({ queryKey: ACTIVE_ENROLLMENTS_KEY, queryFn: () => activeEnrollments(api) });
}

/** The students of some enrollments, each once, in the order of their names. */
export function studentsOf(enrollments: Enrollment[]): { id: string; name: string }[] {
  const names = new Map(enrollments.map((e) => [e.student_id, e.student_name]));
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}
