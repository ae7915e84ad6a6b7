import type { Api } from "../api/client";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { FileDownload } from "../layout/FileDownload";

/** Where a learning file is read from. */
export type FileSource =
  | { kind: "material"; materialId: string }
  | { kind: "attachment"; assignmentId: string; fileId: string }
  | { kind: "submission"; submissionId: string; number: number };

function load(api: Api, source: FileSource): Promise<Blob> {
  switch (source.kind) {
    case "material":
      return unwrap(
        api.GET("/api/v1/materials/{material_id}/file", {
          params: { path: { material_id: source.materialId } },
          parseAs: "blob",
        }),
      );
    case "attachment":
      return unwrap(
        api.GET("/api/v1/assignments/{assignment_id}/attachments/{file_id}", {
          params: { path: { assignment_id: source.assignmentId, file_id: source.fileId } },
          parseAs: "blob",
        }),
      );
    case "submission":
      return unwrap(
        api.GET("/api/v1/submissions/{submission_id}/versions/{number}/file", {
          params: { path: { submission_id: source.submissionId, number: source.number } },
          parseAs: "blob",
        }),
      );
  }
}

/** A material's, a homework's or a work's file: downloaded by the class, only named to others. */
export function LearningFile({ source, name, size }: { source: FileSource; name: string; size: number }) {
  const { t } = useI18n();
  const format = useFormat();
  const { user } = useSession();
  // The platform gives learning files to the class (students, teachers, the office) only.
  if (user?.role === "tutor" || user?.role === "parent") {
    return (
      <span className="file-download">
        {name}{" "}
        <span className="meta">
          ({format.fileSize(size)}, {t("learning.fileForClass")})
        </span>
      </span>
    );
  }
  return <FileDownload name={name} size={size} load={(api) => load(api, source)} />;
}
