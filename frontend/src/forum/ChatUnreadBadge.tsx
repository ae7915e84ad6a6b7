import { useI18n } from "../i18n/I18nProvider";
import { CountBadge } from "../layout/CountBadge";
import { totalUnread, useChats } from "./queries";

/** The number of unread chat messages next to the forum's link (nothing when none). */
export function ChatUnreadBadge() {
  const { data } = useChats();
  const { t } = useI18n();
  const count = totalUnread(data);
  return <CountBadge count={count} label={t("forum.unreadTotal", { count })} testId="chat-unread-badge" />;
}
