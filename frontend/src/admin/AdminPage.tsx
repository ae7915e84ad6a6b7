import type { ReactNode } from "react";
import { Link, Navigate, useLocation } from "react-router";
import { homeOf, useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import { Page } from "../layout/Page";

const SECTIONS: { to: string; key: MessageKey; current: (path: string) => boolean }[] = [
  {
    to: "/admin",
    key: "admin.nav.users",
    current: (path) => path === "/admin" || path.startsWith("/admin/users"),
  },
  { to: "/admin/subjects", key: "admin.nav.subjects", current: (path) => path === "/admin/subjects" },
  { to: "/admin/audit", key: "admin.nav.audit", current: (path) => path === "/admin/audit" },
];

/** The office's pages are the office's: anyone else is sent to their home before any request. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (user === null) return null;
  if (user.role !== "admin") return <Navigate to={homeOf(user)} replace />;
  return <>{children}</>;
}

/**
 * A page of the school office: the heading, the office's own navigation, then the content.
 */
export function AdminPage({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <>
      <Page title={title}>
        <nav className="admin-nav" aria-label={t("admin.nav.label")}>
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <Link to={section.to} aria-current={section.current(pathname) ? "page" : undefined}>
                  {t(section.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </Page>
      {children}
    </>
  );
}
