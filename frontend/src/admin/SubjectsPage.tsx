import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useErrorText } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { QueryProblem } from "../layout/QueryProblem";
import { AdminOnly, AdminPage } from "./AdminPage";
import { ConfirmButton } from "./ConfirmButton";
import { DEFAULT_COLOR, SubjectForm, type SubjectValues } from "./SubjectForm";
import { SUBJECTS_KEY } from "./TeacherSubjects";

type Subject = components["schemas"]["SubjectOut"];

/** The subjects the school teaches: add, rename, recolour and remove those nobody uses. */
export function SubjectsPage() {
  return (
    <AdminOnly>
      <SubjectsPageContent />
    </AdminOnly>
  );
}

function SubjectsPageContent() {
  const { api } = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [said, setSaid] = useState<string | null>(null);
  const subjects = useQuery({ queryKey: SUBJECTS_KEY, queryFn: () => unwrap(api.GET("/api/v1/subjects")) });
  const refresh = (text: string) => {
    setSaid(text);
    void queryClient.invalidateQueries({ queryKey: SUBJECTS_KEY });
    // Other parts of the app keep their own copies of the subjects.
    void queryClient.invalidateQueries({ queryKey: ["subjects"] });
  };

  return (
    <AdminPage title={t("admin.subjects.title")}>
      <p role="status">{said}</p>
      <section className="card" aria-labelledby="subjects-list">
        <h2 id="subjects-list">{t("admin.subjects.list")}</h2>
        {subjects.isPending && <p role="status">{t("common.loading")}</p>}
        {subjects.isError && <QueryProblem error={subjects.error} retry={() => void subjects.refetch()} />}
        {subjects.data?.length === 0 && <p>{t("admin.subjects.none")}</p>}
        {subjects.data && subjects.data.length > 0 && (
          <ul className="items">
            {subjects.data.map((subject) => (
              <SubjectItem key={subject.id} subject={subject} onChanged={refresh} />
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="subjects-new">
        <h2 id="subjects-new">{t("admin.subjects.new")}</h2>
        <SubjectForm
          id="subject-new"
          title={t("admin.subjects.new")}
          initial={{ name: "", description: "", color: DEFAULT_COLOR }}
          submit={t("admin.subjects.add")}
          resetOnSave
          save={(values) =>
            unwrap(
              api.POST("/api/v1/subjects", {
                body: { name: values.name, description: values.description || null, color: values.color },
              }),
            )
          }
          onSaved={() => refresh(t("admin.subjects.added"))}
        />
      </section>
    </AdminPage>
  );
}

function SubjectItem({ subject, onChanged }: { subject: Subject; onChanged: (text: string) => void }) {
  const { api } = useApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [editing, setEditing] = useState(false);
  const closed = useRef(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const path = { params: { path: { subject_id: subject.id } } };
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/subjects/{subject_id}", path)),
    onSuccess: () => onChanged(t("admin.subjects.deleted", { name: subject.name })),
  });

  useEffect(() => {
    if (!editing && closed.current) editButton.current?.focus();
  }, [editing]);

  function close() {
    closed.current = true;
    setEditing(false);
  }

  if (editing) {
    return (
      <li data-id={subject.id}>
        <SubjectForm
          id={`subject-${subject.id}`}
          title={t("admin.subjects.editTitle", { name: subject.name })}
          initial={{ name: subject.name, description: subject.description ?? "", color: subject.color }}
          submit={t("admin.subjects.save")}
          save={(values: SubjectValues) =>
            unwrap(
              api.PATCH("/api/v1/subjects/{subject_id}", {
                ...path,
                body: { name: values.name, description: values.description || null, color: values.color },
              }),
            )
          }
          onSaved={() => {
            close();
            onChanged(t("admin.subjects.saved"));
          }}
          onCancel={close}
        />
      </li>
    );
  }
  return (
    <li data-id={subject.id} className="admin-subject">
      <p>
        <span className="swatch" style={{ background: subject.color }} aria-hidden="true" />{" "}
        <strong>{subject.name}</strong>
        {subject.description && <span className="meta"> · {subject.description}</span>}
      </p>
      <div className="admin-actions">
        <button
          ref={editButton}
          type="button"
          onClick={() => setEditing(true)}
          aria-label={t("admin.subjects.edit", { name: subject.name })}
        >
          {t("admin.subjects.editShort")}
        </button>{" "}
        <ConfirmButton
          danger
          label={t("admin.subjects.delete", { name: subject.name })}
          question={t("admin.subjects.deleteQuestion", { name: subject.name })}
          yes={t("admin.subjects.deleteYes")}
          busy={remove.isPending}
          onConfirm={() => remove.mutate()}
        />
      </div>
      <div role="alert" className="error">
        {remove.isError && <p>{errorText(remove.error)}</p>}
      </div>
    </li>
  );
}
