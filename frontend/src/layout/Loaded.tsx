import { useQuery, type QueryKey } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useApi } from "../api/ApiProvider";
import type { Api } from "../api/client";
import { useI18n } from "../i18n/I18nProvider";
import { QueryProblem } from "./QueryProblem";

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
    return <QueryProblem error={query.error} retry={() => void query.refetch()} notFound={notFound} />;
  }
  return <>{children(query.data)}</>;
}
