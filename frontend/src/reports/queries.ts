import type { QueryClient } from "@tanstack/react-query";
import type { Api } from "../api/client";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";

export type Report = components["schemas"]["ReportOut"];
export type RecipientKind = "tutor" | "parent";

/** Whom each author may write to (the API's rule): a teacher the tutor and the parent, a tutor the parent. */
export const RECIPIENTS_OF: Record<string, RecipientKind[]> = {
  teacher: ["tutor", "parent"],
  tutor: ["parent"],
};

export const reportKey = (id: string) => ["reports", "one", id] as const;

/** After a report changed: its lists and the dashboards show it again from the platform. */
export async function refreshReports(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ["reports", "list"] }),
    queryClient.invalidateQueries({ queryKey: ["reports", "unread"] }),
    queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
  ]);
}

export interface Subject {
  id: string;
  name: string;
}

/** A student an author may write about, with the subjects they learn. */
export interface Candidate {
  id: string;
  name: string;
  /** Known for a tutor's students only (a teacher cannot see it). */
  hasParent: boolean | null;
  subjects: Subject[];
}

/**
 * The author's students: a teacher's are those of their active enrollments; a tutor's are the
 * accounts the platform lists for them (also those not enrolled yet).
 */
export async function loadCandidates(api: Api, role: string): Promise<Candidate[]> {
  const enrollments = await unwrap(
    api.GET("/api/v1/enrollments", { params: { query: { status: "active", limit: 100 } } }),
  );
  const subjectsOf = (studentId: string): Subject[] => {
    const found = new Map<string, string>();
    for (const e of enrollments.items) {
      if (e.student_id === studentId && !found.has(e.subject_id)) found.set(e.subject_id, e.display_name);
    }
    return [...found].map(([id, name]) => ({ id, name }));
  };
  const people = new Map<string, { name: string; hasParent: boolean | null }>();
  if (role === "tutor") {
    const accounts = await unwrap(
      api.GET("/api/v1/admin/users", {
        params: { query: { role: "student", is_active: true, sort: "last_name", limit: 100 } },
      }),
    );
    for (const { user, profile } of accounts.items) {
      const hasParent = profile?.role === "student" ? profile.parent_id !== null : null;
      people.set(user.id, { name: user.full_name, hasParent });
    }
  } else {
    for (const e of enrollments.items) people.set(e.student_id, { name: e.student_name, hasParent: null });
  }
  return [...people]
    .map(([id, person]) => ({ id, ...person, subjects: subjectsOf(id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
