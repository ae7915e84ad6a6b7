import { useId, useState } from "react";
import { useI18n } from "../i18n/I18nProvider";
import { Page } from "../layout/Page";
import { Pager } from "../layout/Pager";
import { NotificationItem } from "./NotificationItem";
import { Preferences } from "./Preferences";
import { PAGE_SIZE, useMarkAllRead, useMarkRead, useNotificationPage } from "./queries";

export function NotificationsPage() {
  const { t } = useI18n();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const page = useNotificationPage(unreadOnly, offset);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const filterId = useId();
  const unread = page.data?.unread_count ?? 0;

  return (
    <Page title={t("notifications.title")}>
      <div className="toolbar">
        <p>
          <input
            id={filterId}
            type="checkbox"
            checked={unreadOnly}
            onChange={(event) => {
              setUnreadOnly(event.target.checked);
              setOffset(0);
            }}
          />{" "}
          <label htmlFor={filterId}>{t("notifications.unreadOnly")}</label>
        </p>
        <p role="status">{t("notifications.unreadCount", { count: unread })}</p>
        <button type="button" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()}>
          {t("notifications.markAllRead")}
        </button>
      </div>
      {(markRead.isError || markAll.isError) && (
        <p role="alert" className="error">
          {t("notifications.markFailed")}
        </p>
      )}
      {page.isPending && <p role="status">{t("common.loading")}</p>}
      {page.isError && (
        <p role="alert" className="error">
          {t("common.loadFailed")}
        </p>
      )}
      {page.data && (
        <>
          {page.data.items.length === 0 ? (
            <p>{unreadOnly ? t("notifications.noneUnread") : t("notifications.none")}</p>
          ) : (
            <ul className="notifications" aria-label={t("notifications.title")}>
              {page.data.items.map((notification) => (
                <NotificationItem
                  key={notification.id}
                  notification={notification}
                  marking={markRead.isPending && markRead.variables === notification.id}
                  onMarkRead={(id) => markRead.mutate(id)}
                />
              ))}
            </ul>
          )}
          <Pager total={page.data.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} />
        </>
      )}
      <Preferences />
    </Page>
  );
}
