import { useState } from "react";
import { Link } from "react-router";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { Pager } from "../layout/Pager";
import { keys, type Material } from "./api";
import { Notice } from "./Notice";

const PAGE_SIZE = 20;

/** A teacher's own materials with their counts; a student's assigned ones with own progress. */
export function MaterialsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const [offset, setOffset] = useState(0);
  const teacher = user?.role === "teacher";
  return (
    <Page title={t("learning.materials")}>
      <Notice />
      {teacher && (
        <p>
          <Link to="/materials/new" className="button">
            {t("learning.newMaterial")}
          </Link>
        </p>
      )}
      <Loaded
        queryKey={[...keys.materials, "list", offset]}
        load={(api) =>
          unwrap(api.GET("/api/v1/materials", { params: { query: { limit: PAGE_SIZE, offset } } }))
        }
      >
        {(page) =>
          page.total === 0 ? (
            <p>{teacher ? t("learning.noOwnMaterials") : t("learning.noMaterials")}</p>
          ) : (
            <>
              <MaterialTable materials={page.items} student={user?.role === "student"} />
              <Pager total={page.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} />
            </>
          )
        }
      </Loaded>
    </Page>
  );
}

function MaterialTable({ materials, student }: { materials: Material[]; student: boolean }) {
  const { t, label } = useI18n();
  const format = useFormat();
  const counts = materials.some((material) => material.assigned_count !== null);
  return (
    <table className="materials">
      <caption className="visually-hidden">{t("learning.materials")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("learning.title")}</th>
          <th scope="col">{t("common.subject")}</th>
          <th scope="col">{t("learning.type")}</th>
          {student ? (
            <th scope="col">{t("learning.progress")}</th>
          ) : (
            <th scope="col">{t("learning.status")}</th>
          )}
          {counts && <th scope="col">{t("learning.assignedCompleted")}</th>}
          {!counts && <th scope="col">{t("common.teacher")}</th>}
        </tr>
      </thead>
      <tbody>
        {materials.map((material) => (
          <tr key={material.id} data-id={material.id}>
            <th scope="row">
              <Link to={`/materials/${material.id}`}>{material.title}</Link>
            </th>
            <td>{material.subject_name}</td>
            <td>{label("materialType", material.type)}</td>
            {student ? (
              <td>
                {format.percent(material.progress?.progress_percentage ?? 0)}
                {material.progress?.completed_at && <> · {t("learning.completed")}</>}
              </td>
            ) : (
              <td>{label("materialStatus", material.status)}</td>
            )}
            {counts && (
              <td>
                {t("learning.countsValue", {
                  assigned: material.assigned_count ?? 0,
                  completed: material.completed_count ?? 0,
                })}
              </td>
            )}
            {!counts && <td>{material.author_name}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
