import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useErrorText } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { keys, refresh, type MaterialDetail } from "./api";

type Status = components["schemas"]["MaterialStatus"];
type Action = { kind: "status"; status: Status } | { kind: "delete" } | { kind: "removeFile" };

/** The author's edit, publish or archive, file removal and deletion (each destructive one confirmed). */
export function MaterialActions({ material }: { material: MaterialDetail }) {
  const { api } = useApi();
  const { t } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const path = { params: { path: { material_id: material.id } } };
  const act = useMutation({
    mutationFn: async (action: Action) => {
      if (action.kind === "status") {
        await unwrap(
          api.PATCH("/api/v1/materials/{material_id}", { ...path, body: { status: action.status } }),
        );
      } else if (action.kind === "removeFile") {
        await unwrap(api.DELETE("/api/v1/materials/{material_id}/file", path));
      } else {
        await unwrap(api.DELETE("/api/v1/materials/{material_id}", path));
      }
      return action;
    },
    onSuccess: async (action) => {
      if (action.kind === "delete") {
        queryClient.removeQueries({ queryKey: [...keys.materials, material.id] });
        navigate("/materials", {
          state: { notice: t("learning.materialDeleted", { title: material.title }) },
        });
      }
      await refresh(queryClient, keys.materials);
    },
  });

  function run(action: Action, question: string | null) {
    if (question === null || window.confirm(question)) act.mutate(action);
  }

  return (
    <div className="toolbar learning-actions">
      <Link to={`/materials/${material.id}/edit`} className="button">
        {t("learning.edit")}
      </Link>
      {material.status === "active" ? (
        <button
          type="button"
          disabled={act.isPending}
          onClick={() => run({ kind: "status", status: "archived" }, t("learning.archiveConfirm"))}
        >
          {t("learning.archive")}
        </button>
      ) : (
        <button
          type="button"
          disabled={act.isPending}
          onClick={() => run({ kind: "status", status: "active" }, null)}
        >
          {t("learning.publish")}
        </button>
      )}
      {material.file && (
        <button
          type="button"
          disabled={act.isPending}
          onClick={() =>
            run({ kind: "removeFile" }, t("learning.removeFileConfirm", { name: material.file?.name ?? "" }))
          }
        >
          {t("learning.removeFile")}
        </button>
      )}
      <button
        type="button"
        className="danger"
        disabled={act.isPending}
        onClick={() => run({ kind: "delete" }, t("learning.deleteConfirm", { title: material.title }))}
      >
        {t("learning.delete")}
      </button>
      <span role="alert" className="error">
        {act.isError && errorText(act.error)}
      </span>
    </div>
  );
}
