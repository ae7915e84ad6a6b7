import { Link } from "react-router";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { CountBadge } from "../layout/CountBadge";
import type { Chat } from "./types";

function Preview({ chat }: { chat: Chat }) {
  const { t } = useI18n();
  const { user } = useSession();
  const last = chat.last_message;
  if (last === null) return <span className="chat-preview meta">{t("forum.noMessages")}</span>;
  const who = last.sender_id === user?.id ? t("forum.you") : (last.sender_name ?? t("forum.unknownSender"));
  return (
    <span className="chat-preview">
      {who}: {last.is_deleted ? t("forum.deleted") : last.content}
    </span>
  );
}

/** One's chats: the open one marked as the current page. */
export function ChatList({ chats, openId }: { chats: Chat[]; openId: string | undefined }) {
  const { t, label } = useI18n();
  const format = useFormat();
  if (chats.length === 0) return <p>{t("forum.noChats")}</p>;
  return (
    <ul className="chat-list" aria-label={t("forum.chats")}>
      {chats.map((chat) => {
        const open = chat.id === openId;
        return (
          <li key={chat.id} data-id={chat.id} className={open ? "chat-item open" : "chat-item"}>
            <Link to={`/chats/${chat.id}`} aria-current={open ? "page" : undefined}>
              {chat.title}
            </Link>
            <CountBadge count={chat.unread_count} label={t("forum.unread", { count: chat.unread_count })} />
            <span className="meta chat-kind">
              {label("chatKind", chat.kind)}
              {chat.is_archived && <> · {t("forum.archived")}</>}
              {chat.last_message && (
                <>
                  {" · "}
                  <time dateTime={chat.last_message.created_at}>
                    {format.dateTime(chat.last_message.created_at)}
                  </time>
                </>
              )}
            </span>
            <Preview chat={chat} />
          </li>
        );
      })}
    </ul>
  );
}
