import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useErrorText } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { PersonPicker } from "./PersonPicker";

type StudentProfile = components["schemas"]["StudentProfileOut"];
type Person = { id: string; name: string };
type Outcome = { ok: boolean; text: string } | null;

/** A student's tutor and parent: who they are now, and assigning another. */
export function StudentLinks({ studentId, profile }: { studentId: string; profile: StudentProfile }) {
  const { api } = useApi();
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="student-links">
      <h2 id="student-links">{t("admin.links.title")}</h2>
      <div className="grid">
        <PersonLink
          role="tutor"
          title={t("admin.links.tutor")}
          current={profile.tutor_id}
          label={t("admin.links.newTutor")}
          action={t("admin.links.assignTutor")}
          assigned={(name) => t("admin.links.tutorAssigned", { name })}
          assign={(tutor) =>
            unwrap(
              api.POST("/api/v1/admin/students/{student_id}/tutor", {
                params: { path: { student_id: studentId } },
                body: { tutor_id: tutor.id },
              }),
            )
          }
        />
        <PersonLink
          role="parent"
          title={t("admin.links.parent")}
          current={profile.parent_id}
          label={t("admin.links.newParent")}
          action={t("admin.links.assignParent")}
          assigned={(name) => t("admin.links.parentAssigned", { name })}
          assign={(parent) =>
            unwrap(
              api.POST("/api/v1/admin/parents/{parent_id}/children", {
                params: { path: { parent_id: parent.id } },
                body: { student_ids: [studentId] },
              }),
            )
          }
        />
      </div>
    </section>
  );
}

interface PersonLinkProps {
  role: "tutor" | "parent";
  title: string;
  /** Who is linked now, if anyone. */
  current: string | null;
  /** The picker's label and its button. */
  label: string;
  action: string;
  /** What is said once someone is assigned. */
  assigned: (name: string) => string;
  assign: (person: Person) => Promise<unknown>;
}

/** One link of the student (the tutor, the parent): who it is, and assigning another. */
function PersonLink({ role, title, current, label, action, assigned, assign }: PersonLinkProps) {
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const mutation = useMutation({
    mutationFn: assign,
    onMutate: () => setOutcome(null),
    onSuccess: (_, person) => setOutcome({ ok: true, text: assigned(person.name) }),
    onError: (error) => setOutcome({ ok: false, text: errorText(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["admin"] }),
  });
  return (
    <div>
      <h3>{title}</h3>
      <Current userId={current} />
      <PersonPicker
        id={`pick-${role}`}
        role={role}
        label={label}
        action={action}
        busy={mutation.isPending}
        onPick={(person) => mutation.mutate(person)}
      />
      <Said outcome={outcome} />
    </div>
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
