import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { PersonPicker } from "./PersonPicker";
import { useErrorText } from "./problems";

type StudentProfile = components["schemas"]["StudentProfileOut"];
type Outcome = { ok: boolean; text: string } | null;

/** A student's tutor and parent: who they are now, and assigning another. */
export function StudentLinks({ studentId, profile }: { studentId: string; profile: StudentProfile }) {
  const { api } = useApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [tutorOutcome, setTutorOutcome] = useState<Outcome>(null);
  const [parentOutcome, setParentOutcome] = useState<Outcome>(null);

  const assignTutor = useMutation({
    mutationFn: (tutor: { id: string; name: string }) =>
      unwrap(
        api.POST("/api/v1/admin/students/{student_id}/tutor", {
          params: { path: { student_id: studentId } },
          body: { tutor_id: tutor.id },
        }),
      ),
    onMutate: () => setTutorOutcome(null),
    onSuccess: (_, tutor) =>
      setTutorOutcome({ ok: true, text: t("admin.links.tutorAssigned", { name: tutor.name }) }),
    onError: (error) => setTutorOutcome({ ok: false, text: errorText(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["admin"] }),
  });
  const assignParent = useMutation({
    mutationFn: (parent: { id: string; name: string }) =>
      unwrap(
        api.POST("/api/v1/admin/parents/{parent_id}/children", {
          params: { path: { parent_id: parent.id } },
          body: { student_ids: [studentId] },
        }),
      ),
    onMutate: () => setParentOutcome(null),
    onSuccess: (_, parent) =>
      setParentOutcome({ ok: true, text: t("admin.links.parentAssigned", { name: parent.name }) }),
    onError: (error) => setParentOutcome({ ok: false, text: errorText(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["admin"] }),
  });

  return (
    <section className="card" aria-labelledby="student-links">
      <h2 id="student-links">{t("admin.links.title")}</h2>
      <div className="grid">
        <div>
          <h3>{t("admin.links.tutor")}</h3>
          <Current userId={profile.tutor_id} />
          <PersonPicker
            id="pick-tutor"
            role="tutor"
            label={t("admin.links.newTutor")}
            action={t("admin.links.assignTutor")}
            busy={assignTutor.isPending}
            onPick={(tutor) => assignTutor.mutate(tutor)}
          />
          <Said outcome={tutorOutcome} />
        </div>
        <div>
          <h3>{t("admin.links.parent")}</h3>
          <Current userId={profile.parent_id} />
          <PersonPicker
            id="pick-parent"
            role="parent"
            label={t("admin.links.newParent")}
            action={t("admin.links.assignParent")}
            busy={assignParent.isPending}
            onPick={(parent) => assignParent.mutate(parent)}
          />
          <Said outcome={parentOutcome} />
        </div>
      </div>
    </section>
  );
}

/** Who is linked now: their name as a link to their page, or that nobody is. */
function Current({ userId }: { userId: string | null }) {
  const { api } = useApi();
  const { t } = useI18n();
  const person = useQuery({
    queryKey: ["admin", "user", userId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/admin/users/{user_id}", { params: { path: { user_id: userId ?? "" } } })),
    enabled: userId !== null,
  });
  let name = <>{t("admin.links.nobody")}</>;
  if (userId !== null) {
    name = person.data ? (
      <Link to={`/admin/users/${userId}`}>{person.data.user.full_name}</Link>
    ) : (
      <>{person.isError ? t("common.loadFailed") : t("common.loading")}</>
    );
  }
  return (
    <p>
      {t("admin.links.now")} {name}
    </p>
  );
}

function Said({ outcome }: { outcome: Outcome }) {
  return (
    <>
      <p role="status">{outcome?.ok && outcome.text}</p>
      <div role="alert" className="error">
        {outcome && !outcome.ok && <p>{outcome.text}</p>}
      </div>
    </>
  );
}
