import { useState } from "react";
import { useApi } from "../api/ApiProvider";
import type { Api } from "../api/client";
import { saveFile } from "../api/download";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";

interface Props {
  name: string;
  size: number;
  /** Reads the file through the API, with the bearer token. */
  load: (api: Api) => Promise<Blob>;
}

/** A file's download button with its size; a failure is said next to it. */
export function FileDownload({ name, size, load }: Props) {
  const { api } = useApi();
  const { t } = useI18n();
  const format = useFormat();
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");

  async function download() {
    setState("busy");
    try {
      saveFile(await load(api), name);
      setState("idle");
    } catch {
      setState("failed");
    }
  }

  return (
    <span className="file-download">
      <button
        type="button"
        className="link-button"
        disabled={state === "busy"}
        onClick={() => void download()}
      >
        {t("file.download", { name })}
      </button>{" "}
      <span className="meta">({format.fileSize(size)})</span>
      {state === "failed" && (
        <span role="alert" className="error">
          {" "}
          {t("file.downloadFailed")}
        </span>
      )}
    </span>
  );
}
