import { useI18n } from "../i18n/I18nProvider";
import { CountBadge } from "../layout/CountBadge";
import { useUnreadCount } from "./queries";

/** The number of unread notifications next to the centre's link (nothing when none). */
export function UnreadBadge() {
  const { data: count } = useUnreadCount();
  const { t } = useI18n();
  return (
    <CountBadge
      count={count}
      label={t("notifications.unreadCount", { count: count ?? 0 })}
      testId="unread-badge"
    />
  );
}
