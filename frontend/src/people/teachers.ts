import { useQuery } from "@tanstack/react-query";
import { useApi } from "../api/ApiProvider";
import { useSession } from "../auth/session";
import { accountsOf, enrollmentsWhere } from "./queries";

export interface TeacherChoice {
  id: string;
  name: string;
}

interface Teachers {
  /** The teachers of the subject, by name; undefined while loading. */
  teachers: TeacherChoice[] | undefined;
  isError: boolean;
  /**
   * False for a tutor: the API lets a tutor see no teachers' accounts, so the choice is made of
   * the teachers who already teach that subject to the tutor's students (their enrollments).
   */
  complete: boolean;
}

/** Who may be chosen to teach a subject: the office sees every teacher with their subjects. */
export function useTeachersOf(subjectId: string): Teachers {
  const { api } = useApi();
  const { user } = useSession();
  const office = user?.role === "admin";
  const accounts = useQuery({
    queryKey: ["people", "teachers"],
    queryFn: () => accountsOf(api, "teacher"),
    enabled: office,
  });
  const enrollments = useQuery({
    queryKey: ["people", "enrollments", "all"],
    queryFn: () => enrollmentsWhere(api, {}),
    enabled: !office,
  });
  if (office) {
    const teachers = accounts.data
      ?.filter(
        (account) => account.profile?.role === "teacher" && account.profile.subject_ids.includes(subjectId),
      )
      .map((account) => ({ id: account.user.id, name: account.user.full_name }));
    return { teachers, isError: accounts.isError, complete: true };
  }
  const found = new Map<string, string>();
  for (const enrollment of enrollments.data ?? []) {
    if (enrollment.subject_id === subjectId) found.set(enrollment.teacher_id, enrollment.teacher_name);
  }
  const teachers = enrollments.data
    ? [...found].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))
    : undefined;
  return { teachers, isError: enrollments.isError, complete: false };
}
