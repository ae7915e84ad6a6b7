import { Link, useParams } from "react-router";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { keys, type MaterialDetail } from "./api";
import { LearningFile } from "./LearningFile";
import { MaterialActions } from "./MaterialActions";
import { ProgressForm } from "./ProgressForm";

/** One material (where the platform's notifications link to). */
export function MaterialPage() {
  const { materialId = "" } = useParams();
  const { t } = useI18n();
  return (
    <Loaded
      queryKey={[...keys.materials, materialId]}
      load={(api) =>
        unwrap(api.GET("/api/v1/materials/{material_id}", { params: { path: { material_id: materialId } } }))
      }
      notFound={t("learning.materialNotFound")}
    >
      {(material) => <MaterialView material={material} />}
    </Loaded>
  );
}

function MaterialView({ material }: { material: MaterialDetail }) {
  const { t, label } = useI18n();
  const format = useFormat();
  const { user } = useSession();
  const author = user?.id === material.author_id;
  return (
    <Page title={material.title}>
      <dl className="facts">
        <dt>{t("common.subject")}</dt>
        <dd>{material.subject_name}</dd>
        <dt>{t("learning.type")}</dt>
        <dd>{label("materialType", material.type)}</dd>
        <dt>{t("common.teacher")}</dt>
        <dd>{material.author_name}</dd>
        {material.difficulty !== null && (
          <>
            <dt>{t("learning.difficulty")}</dt>
            <dd>{t("learning.difficultyValue", { level: material.difficulty })}</dd>
          </>
        )}
        {author && (
          <>
            <dt>{t("learning.status")}</dt>
            <dd>{label("materialStatus", material.status)}</dd>
          </>
        )}
        {material.published_at && (
          <>
            <dt>{t("learning.publishedAt")}</dt>
            <dd>{format.dateTime(material.published_at)}</dd>
          </>
        )}
      </dl>
      {author && <MaterialActions material={material} />}
      {material.description && <p className="lead">{material.description}</p>}
      <section aria-labelledby="material-content" className="card">
        <h2 id="material-content">{t("learning.content")}</h2>
        {material.content ? (
          <p className="multiline">{material.content}</p>
        ) : (
          <p>{t("learning.noContent")}</p>
        )}
        {material.video_url && (
          <p>
            <a href={material.video_url} target="_blank" rel="noopener noreferrer">
              {t("learning.watchVideo")}{" "}
              <span className="visually-hidden">({t("common.opensNewWindow")})</span>
            </a>
          </p>
        )}
        {material.file && (
          <p>
            <LearningFile
              source={{ kind: "material", materialId: material.id }}
              name={material.file.name}
              size={material.file.size}
            />
          </p>
        )}
      </section>
      {user?.role === "student" && <ProgressForm material={material} />}
      {material.students && <StudentsProgress students={material.students} />}
      <p>
        <Link to="/materials">{t("learning.allMaterials")}</Link>
      </p>
    </Page>
  );
}

function StudentsProgress({ students }: { students: NonNullable<MaterialDetail["students"]> }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <section aria-labelledby="material-students" className="card">
      <h2 id="material-students">{t("learning.studentsProgress")}</h2>
      {students.length === 0 ? (
        <p>{t("learning.notAssigned")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("common.student")}</th>
              <th scope="col">{t("learning.progress")}</th>
              <th scope="col">{t("learning.timeSpent")}</th>
              <th scope="col">{t("learning.lastOpened")}</th>
            </tr>
          </thead>
          <tbody>
            {students.map((student) => (
              <tr key={student.id} data-id={student.id}>
                <th scope="row">{student.name}</th>
                <td>{format.percent(student.progress?.progress_percentage ?? 0)}</td>
                <td>{format.minutes(student.progress?.time_spent_minutes ?? 0)}</td>
                <td>{student.progress ? format.dateTime(student.progress.last_accessed_at) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
