import { useI18n } from "../i18n/I18nProvider";
import { totalUnread, useChats } from "./queries";

/** The number of unread chat messages next to the forum's link (nothing when none). */
export function ChatUnreadBadge() {
  const { data } = useChats();
  const { t } = useI18n();
  const count = totalUnread(data);
  if (count === 0) return null;
  return (
    <span className="badge" data-testid="chat-unread-badge" data-count={count}>
      <span aria-hidden="true">{count > 99 ? "99+" : count}</span>
      <span className="visually-hidden">{t("forum.unreadTotal", { count })}</span>
    </span>
  );
}
