import { useState } from "react";
import { useApi } from "../api/ApiProvider";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { downloadFile, type FileSource } from "./download";

interface Props {
  source: FileSource;
  name: string;
  size: number;
}

/** A file's download button with its size; a failure is said next to it. */
export function FileDownload({ source, name, size }: Props) {
  const { api } = useApi();
  const { t } = useI18n();
  const format = useFormat();
  const { user } = useSession();
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");
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

  async function download() {
    setState("busy");
    try {
      await downloadFile(api, source, name);
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
        {t("learning.download", { name })}
      </button>{" "}
      <span className="meta">({format.fileSize(size)})</span>
      {state === "failed" && (
        <span role="alert" className="error">
          {" "}
          {t("learning.downloadFailed")}
        </span>
      )}
    </span>
  );
}
