import type { Api } from "../api/client";
import { unwrap } from "../api/problem";

/**
 * Files are read through the API with the bearer token (a plain link could not carry it):
 * the file is fetched, then handed to the browser as a download under its own name.
 */
export async function downloadPlanFile(api: Api, planId: string, fileId: string, name: string) {
  const blob = await unwrap(
    api.GET("/api/v1/study-plans/{plan_id}/files/{file_id}", {
      params: { path: { plan_id: planId, file_id: fileId } },
      parseAs: "blob",
    }),
  );
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.rel = "noopener";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The browser has taken the file once click() returns; the URL is kept a moment for it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
