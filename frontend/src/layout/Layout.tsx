import { Outlet } from "react-router";
import { useI18n } from "../i18n/I18nProvider";
import { Header } from "./Header";

export function Layout() {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("layout.skipToContent")}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
