import { useQuery } from "@tanstack/react-query";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";

export interface TeacherChoice {
  id: string;
  name: string;
}

interface Teachers {
  /** The active teachers of the subject, by name; undefined while loading or with none chosen. */
  teachers: TeacherChoice[] | undefined;
  isError: boolean;
}

/** Whom a student may be enrolled with in a subject (the office and tutors ask the platform). */
export function useTeachersOf(subjectId: string): Teachers {
  const { api } = useApi();
  const query = useQuery({
    queryKey: ["subjects", subjectId, "teachers"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/subjects/{subject_id}/teachers", { params: { path: { subject_id: subjectId } } }),
      ),
    enabled: subjectId !== "",
  });
  const teachers = query.data?.map((teacher) => ({ id: teacher.id, name: teacher.full_name }));
  return { teachers, isError: query.isError };
}
