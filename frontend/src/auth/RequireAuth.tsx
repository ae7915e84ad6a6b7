import { Navigate, Outlet, useLocation } from "react-router";
import { useI18n } from "../i18n/I18nProvider";
import { useSession } from "./session";

/** Pages for signed-in users; a one-time password must be replaced before anything else. */
export function RequireAuth({ passwordChange = false }: { passwordChange?: boolean }) {
  const { status, user, reload } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (status === "signed-out") {
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  if (status === "loading") return <p role="status">{t("common.loading")}</p>;
  if (status === "failed" || user === null) {
    return (
      <div role="alert">
        <p>{t("common.loadFailed")}</p>
        <button type="button" onClick={() => void reload()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  if (user.must_change_password && !passwordChange) return <Navigate to="/password" replace />;
  return <Outlet />;
}
