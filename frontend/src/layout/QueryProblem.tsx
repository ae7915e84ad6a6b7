import { ApiError } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";

/** A read that failed: what the platform said (or that it is missing), and a retry. */
export function QueryProblem({
  error,
  retry,
  notFound,
}: {
  error: Error;
  retry: () => void;
  notFound?: string;
}) {
  const { t } = useI18n();
  const missing = error instanceof ApiError && error.problem.status === 404;
  return (
    <div role="alert" className="error">
      <p>{missing && notFound ? notFound : t("common.loadFailed")}</p>
      {error instanceof ApiError && !missing && <p>{error.problem.detail}</p>}
      {!missing && (
        <button type="button" onClick={retry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}
