import { useState } from "react";
import { Navigate } from "react-router";
import { unwrap } from "../api/problem";
import { homeOf, useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { Pager } from "../layout/Pager";

const PAGE_SIZE = 50;

/** The office's home for now: every account, newest first. */
export function AdminHomePage() {
  const { user } = useSession();
  const { t, label } = useI18n();
  const format = useFormat();
  const [offset, setOffset] = useState(0);
  if (user && user.role !== "admin") return <Navigate to={homeOf(user)} replace />;
  return (
    <Page title={t("admin.title")}>
      <Loaded
        queryKey={["admin", "users", offset]}
        load={(api) =>
          unwrap(api.GET("/api/v1/admin/users", { params: { query: { limit: PAGE_SIZE, offset } } }))
        }
      >
        {(page) => (
          <>
            <p>{t("admin.total", { count: page.total })}</p>
            <table>
              <caption className="visually-hidden">{t("admin.users")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("admin.name")}</th>
                  <th scope="col">{t("admin.email")}</th>
                  <th scope="col">{t("admin.role")}</th>
                  <th scope="col">{t("admin.active")}</th>
                  <th scope="col">{t("admin.lastLogin")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map(({ user: account }) => (
                  <tr key={account.id} data-id={account.id}>
                    <th scope="row">{account.full_name}</th>
                    <td>{account.email}</td>
                    <td>{label("role", account.role)}</td>
                    <td>{account.is_active ? t("common.yes") : t("common.no")}</td>
                    <td>{account.last_login_at ? format.dateTime(account.last_login_at) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager total={page.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
