import { useQueryClient } from "@tanstack/react-query";
import type { Api } from "../api/client";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";

export type Account = components["schemas"]["AccountOut"];
export type Enrollment = components["schemas"]["EnrollmentOut"];
export type StudentProfile = components["schemas"]["StudentProfileOut"];
export type Credentials = components["schemas"]["CredentialsOut"];

// The most the API gives in one page; longer lists are read page by page.
const PAGE = 100;

/** Every item of a paginated list, page after page. */
export async function allPages<T>(load: (offset: number) => Promise<{ items: T[]; total: number }>) {
  const items: T[] = [];
  for (;;) {
    const page = await load(items.length);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

/** The accounts of one role the caller manages (a tutor: their students' families). */
export function accountsOf(api: Api, role: "parent" | "teacher") {
  return allPages((offset) =>
    unwrap(
      api.GET("/api/v1/admin/users", {
        params: { query: { role, is_active: true, sort: "last_name", limit: PAGE, offset } },
      }),
    ),
  );
}

/** Enrollments the caller may see, narrowed by the given filters. */
export function enrollmentsWhere(api: Api, query: { student_id?: string; status?: "active" | "ended" }) {
  return allPages((offset) =>
    unwrap(api.GET("/api/v1/enrollments", { params: { query: { ...query, limit: PAGE, offset } } })),
  );
}

export function accountById(api: Api, userId: string) {
  return unwrap(api.GET("/api/v1/admin/users/{user_id}", { params: { path: { user_id: userId } } }));
}

export function studentProfileOf(account: Account): StudentProfile | null {
  return account.profile?.role === "student" ? account.profile : null;
}

/** After a change of people or enrollments: this area, the schedule's lists and the dashboards. */
export function useRefreshPeople() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["people"] }),
      queryClient.invalidateQueries({ queryKey: ["enrollments"] }),
      queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
    ]);
}
