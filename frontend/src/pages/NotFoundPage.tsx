import { Link } from "react-router";
import { useI18n } from "../i18n/I18nProvider";
import { Page } from "../layout/Page";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t("notFound.title")}>
      <p>{t("notFound.text")}</p>
      <p>
        <Link to="/">{t("notFound.home")}</Link>
      </p>
    </Page>
  );
}
