import { useI18n } from "../i18n/I18nProvider";
import { useUnreadCount } from "./queries";

/** The number of unread notifications next to the centre's link (nothing when none). */
export function UnreadBadge() {
  const { data: count } = useUnreadCount();
  const { t } = useI18n();
  if (!count) return null;
  return (
    <span className="badge" data-testid="unread-badge" data-count={count}>
      <span aria-hidden="true">{count > 99 ? "99+" : count}</span>
      <span className="visually-hidden">{t("notifications.unreadCount", { count })}</span>
    </span>
  );
}
