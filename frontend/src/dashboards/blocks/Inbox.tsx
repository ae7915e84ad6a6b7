import { Link } from "react-router";
import type { components } from "../../api/schema";
import { useI18n } from "../../i18n/I18nProvider";
import { useFormat } from "../../i18n/useFormat";
import { appPathOf } from "../../notifications/links";
import { Section } from "./Section";

type UnreadMessages = components["schemas"]["UnreadMessages"];
type UnreadNotifications = components["schemas"]["UnreadNotifications"];

export function UnreadMessagesBlock({ unread }: { unread: UnreadMessages }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <Section id="unread-messages" title={t("dashboard.unreadMessages")}>
      <p>
        {t("dashboard.unreadMessagesTotal", {
          total: unread.total,
          chats: unread.chats_with_unread,
        })}
      </p>
      {unread.chats.length > 0 && (
        <ul className="items">
          {unread.chats.map((chat) => (
            <li key={chat.chat_id} data-id={chat.chat_id}>
              <Link to={`/chats/${chat.chat_id}`}>{chat.title}</Link>{" "}
              <span className="count">{chat.unread_count}</span>
              <span className="meta">
                {" "}
                · {label("chatKind", chat.kind)}
                {chat.last_message_at && <> · {format.dateTime(chat.last_message_at)}</>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function UnreadNotificationsBlock({ unread }: { unread: UnreadNotifications }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <Section id="unread-notifications" title={t("dashboard.unreadNotifications")}>
      <p>{t("notifications.unreadCount", { count: unread.total })}</p>
      {unread.latest.length > 0 && (
        <ul className="items">
          {unread.latest.map((card) => {
            // The centre is every notification's page here, until the page it points to exists.
            const path = appPathOf(card.link) ?? "/notifications";
            return (
              <li key={card.notification_id} data-id={card.notification_id}>
                <Link to={path}>{card.title}</Link>
                {card.body && <span> — {card.body}</span>}
                <span className="meta">
                  {" "}
                  · {label("notificationKind", card.kind)} · {format.dateTime(card.created_at)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <Link to="/notifications">{t("dashboard.allNotifications")}</Link>
      </p>
    </Section>
  );
}
