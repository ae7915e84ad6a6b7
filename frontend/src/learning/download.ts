import type { Api } from "../api/client";
import { unwrap } from "../api/problem";

/** Where a learning file is read from: every path needs the bearer token. */
export type FileSource =
  | { kind: "material"; materialId: string }
  | { kind: "attachment"; assignmentId: string; fileId: string }
  | { kind: "submission"; submissionId: string; number: number };

function fetchFile(api: Api, source: FileSource) {
  switch (source.kind) {
    case "material":
      return api.GET("/api/v1/materials/{material_id}/file", {
        params: { path: { material_id: source.materialId } },
        parseAs: "blob",
      });
    case "attachment":
      return api.GET("/api/v1/assignments/{assignment_id}/attachments/{file_id}", {
        params: { path: { assignment_id: source.assignmentId, file_id: source.fileId } },
        parseAs: "blob",
      });
    case "submission":
      return api.GET("/api/v1/submissions/{submission_id}/versions/{number}/file", {
        params: { path: { submission_id: source.submissionId, number: source.number } },
        parseAs: "blob",
      });
  }
}

/**
 * Files are read through the API with the bearer token (a plain link could not carry it), as
 * `studyPlans/download.ts` does: fetched, then handed to the browser under their own name.
 */
export async function downloadFile(api: Api, source: FileSource, name: string): Promise<void> {
  const blob = await unwrap(fetchFile(api, source));
  const url = URL.createObjectURL(blob as Blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.rel = "noopener";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
