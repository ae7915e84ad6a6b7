import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { CheckField } from "../forms/fields";
import { useErrorText } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { QueryProblem } from "../layout/QueryProblem";

export const SUBJECTS_KEY = ["admin", "subjects"] as const;

/** The subjects a teacher teaches: exactly the ones ticked are saved. */
export function TeacherSubjects({ teacherId, subjectIds }: { teacherId: string; subjectIds: string[] }) {
  const { api } = useApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [ticked, setTicked] = useState(() => new Set(subjectIds));
  const subjects = useQuery({ queryKey: SUBJECTS_KEY, queryFn: () => unwrap(api.GET("/api/v1/subjects")) });
  const save = useMutation({
    mutationFn: (ids: string[]) =>
      unwrap(
        api.PUT("/api/v1/admin/teachers/{teacher_id}/subjects", {
          params: { path: { teacher_id: teacherId } },
          body: { subject_ids: ids },
        }),
      ),
    onSuccess: (answer) => queryClient.setQueryData(["admin", "user", teacherId], answer),
  });

  function toggle(id: string, on: boolean) {
    setTicked((now) => {
      const next = new Set(now);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <section className="card" aria-labelledby="teacher-subjects">
      <h2 id="teacher-subjects">{t("admin.teacher.title")}</h2>
      {subjects.isPending && <p role="status">{t("common.loading")}</p>}
      {subjects.isError && <QueryProblem error={subjects.error} retry={() => void subjects.refetch()} />}
      {subjects.data?.length === 0 && (
        <p>
          {t("admin.teacher.noSubjects")} <Link to="/admin/subjects">{t("admin.nav.subjects")}</Link>
        </p>
      )}
      {subjects.data && subjects.data.length > 0 && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(subjects.data.filter((s) => ticked.has(s.id)).map((s) => s.id));
          }}
        >
          <fieldset>
            <legend>{t("admin.teacher.legend")}</legend>
            {subjects.data.map((subject) => (
              <CheckField
                key={subject.id}
                id={`teaches-${subject.id}`}
                label={subject.name}
                checked={ticked.has(subject.id)}
                onChange={(on) => toggle(subject.id, on)}
              />
            ))}
          </fieldset>
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? t("admin.saving") : t("admin.teacher.save")}
          </button>
          <p role="status">{save.isSuccess && t("admin.teacher.saved")}</p>
          <div role="alert" className="error">
            {save.isError && <p>{errorText(save.error)}</p>}
          </div>
        </form>
      )}
    </section>
  );
}
