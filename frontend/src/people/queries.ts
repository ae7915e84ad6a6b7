import { useQueryClient } from "@tanstack/react-query";
import type { Api } from "../api/client";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";

export type Account = components["schemas"]["AccountOut"];
export type StudentProfile = components["schemas"]["StudentProfileOut"];
export type Credentials = components["schemas"]["CredentialsOut"];

export function accountById(api: Api, userId: string) {
  return unwrap(api.GET("/api/v1/admin/users/{user_id}", { params: { path: { user_id: userId } } }));
}

/** A parent as a select offers them: by name, with the email that tells namesakes apart. */
export function parentChoice(parent: Account) {
  return { value: parent.user.id, label: `${parent.user.full_name} (${parent.user.email})` };
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
