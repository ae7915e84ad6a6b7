import type { ReactNode } from "react";
import { useLocation, useParams } from "react-router";
import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { keys, useTeaching, type MaterialDetail, type Teaching } from "./api";
import { emptyMaterial, MaterialForm, type MaterialValues } from "./MaterialForm";

/** Waits for the teacher's subjects and students, then shows the form (or why there is none). */
export function WithTeaching({ children }: { children: (teaching: Teaching) => ReactNode }) {
  const { t } = useI18n();
  const teaching = useTeaching();
  if (teaching.isPending) return <p role="status">{t("common.loading")}</p>;
  if (teaching.isError) {
    return (
      <div role="alert" className="error">
        <p>{t("common.loadFailed")}</p>
        <button type="button" onClick={() => void teaching.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  if (teaching.data.subjects.length === 0) return <p>{t("learning.noSubjects")}</p>;
  return <>{children(teaching.data)}</>;
}

export function NewMaterialPage() {
  const { t } = useI18n();
  return (
    <Page title={t("learning.newMaterial")}>
      <WithTeaching>
        {(teaching) => <MaterialForm teaching={teaching} initial={emptyMaterial(teaching)} />}
      </WithTeaching>
    </Page>
  );
}

function valuesOf(material: MaterialDetail): MaterialValues {
  return {
    title: material.title,
    subject_id: material.subject_id,
    type: material.type,
    status: material.status,
    difficulty: material.difficulty === null ? "" : String(material.difficulty),
    description: material.description ?? "",
    content: material.content ?? "",
    video_url: material.video_url ?? "",
    student_ids: (material.students ?? []).map((student) => student.id),
  };
}

export function EditMaterialPage() {
  const { materialId = "" } = useParams();
  const { t } = useI18n();
  const location = useLocation();
  const state = location.state as { fileProblem?: string } | null;
  return (
    <Page title={t("learning.editMaterial")}>
      <WithTeaching>
        {(teaching) => (
          <Loaded
            queryKey={[...keys.materials, materialId]}
            load={(api) =>
              unwrap(
                api.GET("/api/v1/materials/{material_id}", { params: { path: { material_id: materialId } } }),
              )
            }
            notFound={t("learning.materialNotFound")}
          >
            {(material) => (
              <MaterialForm
                teaching={teaching}
                initial={valuesOf(material)}
                materialId={material.id}
                fileProblem={
                  state?.fileProblem
                    ? t("learning.fileNotAttached", { detail: state.fileProblem })
                    : undefined
                }
              />
            )}
          </Loaded>
        )}
      </WithTeaching>
    </Page>
  );
}
