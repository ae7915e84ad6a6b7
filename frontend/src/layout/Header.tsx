import { Link, NavLink, useNavigate } from "react-router";
import { homeOf, useSession } from "../auth/session";
import { ChatUnreadBadge } from "../forum/ChatUnreadBadge";
import { useI18n } from "../i18n/I18nProvider";
import { LearningNav } from "../learning/LearningNav";
import { UnreadBadge } from "../notifications/UnreadBadge";
import { ProfileLink } from "../people/ProfileLink";
import { LanguageSwitch } from "./LanguageSwitch";

export function Header() {
  const { user, signOut } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();

  async function leave() {
    await signOut();
    navigate("/login", { replace: true });
  }

  return (
    <header className="site-header">
      <Link to="/" className="brand">
        THE BOT
      </Link>
      {/* Until a one-time password is replaced the other pages are closed: no links to them. */}
      {user !== null && !user.must_change_password && (
        <nav aria-label={t("header.navigation")}>
          <ul>
            <li>
              <NavLink to={homeOf(user)}>
                {user.role === "admin" ? t("nav.admin") : t("nav.dashboard")}
              </NavLink>
            </li>
            {user.role === "tutor" && (
              <li>
                <NavLink to="/students" end={false}>
                  {t("people.nav")}
                </NavLink>
              </li>
            )}
            {user.role !== "admin" && (
              <li>
                <NavLink to="/schedule">{t("schedule.nav")}</NavLink>
              </li>
            )}
            <LearningNav role={user.role} />
            {user.role !== "admin" && (
              <li>
                <NavLink to="/study-plans" end={false}>
                  {t("nav.studyPlans")}
                </NavLink>
              </li>
            )}
            {(user.role === "teacher" || user.role === "tutor" || user.role === "parent") && (
              <li>
                <NavLink to="/reports" end={false}>
                  {t("reports.nav")}
                </NavLink>
              </li>
            )}
            {(user.role === "parent" || user.role === "admin") && (
              <li>
                <NavLink to="/payments" end={false}>
                  {t("nav.payments")}
                </NavLink>
              </li>
            )}
            {user.role !== "admin" && (
              <li>
                <NavLink to="/chats" end={false}>
                  {t("forum.nav")} <ChatUnreadBadge />
                </NavLink>
              </li>
            )}
            <li>
              <NavLink to="/notifications">
                {t("nav.notifications")} <UnreadBadge />
              </NavLink>
            </li>
          </ul>
        </nav>
      )}
      <div className="header-tools">
        <LanguageSwitch />
        {user !== null && (
          <>
            <ProfileLink user={user} />
            <button type="button" onClick={() => void leave()}>
              {t("header.signOut")}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
