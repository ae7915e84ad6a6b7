import type { Api } from "./client";
import { allPages, PAGE_LIMIT } from "./pages";
import { unwrap } from "./problem";

/**
 * The active accounts of one role the caller manages, by last name (the office: the whole
 * school; a tutor: their students and their students' families).
 */
export function accountsOf(api: Api, role: "student" | "parent" | "teacher") {
  return allPages((offset) =>
    unwrap(
      api.GET("/api/v1/admin/users", {
        params: { query: { role, is_active: true, sort: "last_name", limit: PAGE_LIMIT, offset } },
      }),
    ),
  );
}
