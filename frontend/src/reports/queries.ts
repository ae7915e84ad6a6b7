import { accountsOf } from "../api/accounts";
import type { Api } from "../api/client";
import { activeEnrollments, studentsOf } from "../api/enrollments";
import type { components } from "../api/schema";
import { NOTIFICATIONS_KEY } from "../notifications/queries";
import type { QueryClient } from "@tanstack/react-query";

export type Report = components["schemas"]["ReportOut"];
export type RecipientKind = "tutor" | "parent";

/** Whom each author may write to (the API's rule): a teacher the tutor and the parent, a tutor the parent. */
export const RECIPIENTS_OF: Record<string, RecipientKind[]> = {
  teacher: ["tutor", "parent"],
  tutor: ["parent"],
};

export const reportKey = (id: string) => ["reports", "one", id] as const;

/** After a report changed: its lists, the dashboards and the notifications (reading a report
 * reads its notification too) show it again from the platform. */
export async function refreshReports(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ["reports", "list"] }),
    queryClient.invalidateQueries({ queryKey: ["reports", "unread"] }),
    queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
    queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
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
  const enrollments = await activeEnrollments(api);
  const subjectsOf = (studentId: string): Subject[] => {
    const found = new Map<string, string>();
    for (const e of enrollments) {
      if (e.student_id === studentId && !found.has(e.subject_id)) found.set(e.subject_id, e.display_name);
    }
    return [...found].map(([id, name]) => ({ id, name }));
  };
  const people =
    role === "tutor"
      ? (await accountsOf(api, "student")).map(({ user, profile }) => ({
          id: user.id,
          name: user.full_name,
          hasParent: profile?.role === "student" ? profile.parent_id !== null : null,
        }))
      : studentsOf(enrollments).map((student) => ({ ...student, hasParent: null }));
  return people
    .map((person) => ({ ...person, subjects: subjectsOf(person.id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
