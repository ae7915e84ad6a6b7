import { useQuery, type QueryKey } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useApi } from "../api/ApiProvider";
import type { Api } from "../api/client";
import { ApiError } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";

interface LoadedProps<T> {
  queryKey: QueryKey;
  load: (api: Api) => Promise<T>;
  children: (data: T) => ReactNode;
  /** What to say when the platform answers 404 (the object is gone or not one's own). */
  notFound?: string;
}

/** Loads data with TanStack Query and shows it, or says that it is loading or failed. */
export function Loaded<T>({ queryKey, load, children, notFound }: LoadedProps<T>) {
  const { api } = useApi();
  const { t } = useI18n();
  const query = useQuery({ queryKey, queryFn: () => load(api) });
  if (query.isPending) return <p role="status">{t("common.loading")}</p>;
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.problem.status === 404;
    return (
      <div role="alert" className="error">
        <p>{missing && notFound ? notFound : t("common.loadFailed")}</p>
        {query.error instanceof ApiError && !missing && <p>{query.error.problem.detail}</p>}
        {!missing && (
          <button type="button" onClick={() => void query.refetch()}>
            {t("common.retry")}
          </button>
        )}
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
