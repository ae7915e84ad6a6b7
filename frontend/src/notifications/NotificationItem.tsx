import { Link } from "react-router";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { appPathOf } from "./links";

type Notification = components["schemas"]["NotificationOut"];

interface Props {
  notification: Notification;
  onMarkRead: (id: string) => void;
  marking: boolean;
}

export function NotificationItem({ notification, onMarkRead, marking }: Props) {
  const { t, label } = useI18n();
  const format = useFormat();
  const path = appPathOf(notification.link);
  return (
    <li className={notification.is_read ? "notification" : "notification unread"} data-id={notification.id}>
      <p className="notification-title">
        {!notification.is_read && <span className="visually-hidden">{t("notifications.new")}: </span>}
        {path ? <Link to={path}>{notification.title}</Link> : <strong>{notification.title}</strong>}
      </p>
      {notification.body && <p>{notification.body}</p>}
      <p className="meta">
        {label("notificationKind", notification.kind)} ·{" "}
        <time dateTime={notification.created_at}>{format.dateTime(notification.created_at)}</time>
      </p>
      {!notification.is_read && (
        <button type="button" disabled={marking} onClick={() => onMarkRead(notification.id)}>
          {t("notifications.markRead")}
          <span className="visually-hidden">: {notification.title}</span>
        </button>
      )}
    </li>
  );
}
