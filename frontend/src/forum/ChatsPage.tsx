import { Link, useParams } from "react-router";
import { useI18n } from "../i18n/I18nProvider";
import { Page } from "../layout/Page";
import { QueryProblem } from "../layout/QueryProblem";
import { ChatList } from "./ChatList";
import { ChatView } from "./ChatView";
import { useChats } from "./queries";
import { useSocket } from "./SocketProvider";

/** Says, politely, when the live connection is lost and being restored. */
function ConnectionStatus() {
  const { t } = useI18n();
  const { status } = useSocket();
  return (
    <p className="connection-status" role="status" aria-live="polite" data-status={status}>
      {status === "lost" ? t("forum.reconnecting") : ""}
    </p>
  );
}

/** /chats and /chats/:chatId: the list, beside it the open chat (alone on a narrow screen). */
export function ChatsPage() {
  const { t } = useI18n();
  const { chatId } = useParams();
  const chats = useChats();
  const open = chats.data?.items.find((chat) => chat.id === chatId);

  return (
    <Page title={t("forum.title")}>
      <ConnectionStatus />
      <div className={chatId ? "forum has-open" : "forum"}>
        <div className="forum-list">
          {chats.isPending && <p role="status">{t("common.loading")}</p>}
          {chats.isError && <QueryProblem error={chats.error} retry={() => void chats.refetch()} />}
          {chats.data && <ChatList chats={chats.data.items} openId={chatId} />}
        </div>
        <div className="forum-chat">
          {chatId ? (
            <>
              <p className="back-link">
                <Link to="/chats">← {t("forum.backToChats")}</Link>
              </p>
              <ChatView key={chatId} chatId={chatId} chat={open} />
            </>
          ) : (
            <p className="meta">{t("forum.pickChat")}</p>
          )}
        </div>
      </div>
    </Page>
  );
}
