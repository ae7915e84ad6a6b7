import { Link } from "react-router";
import type { User } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";

/** The signed-in user in the header: avatar and name, a link to their profile. */
export function ProfileLink({ user }: { user: User }) {
  const { t } = useI18n();
  const face = user.avatar_url && (
    <img src={user.avatar_url} alt="" width={28} height={28} className="avatar header-avatar" />
  );
  // Until a one-time password is replaced no other page opens: then the name is plain text.
  if (user.must_change_password) {
    return (
      <span className="user-name">
        {face}
        {user.full_name}
      </span>
    );
  }
  return (
    <Link to="/profile" className="user-name" title={t("people.profile.title")}>
      {face}
      {user.full_name}
    </Link>
  );
}
