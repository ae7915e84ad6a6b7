import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { Composer } from "./Composer";
import { MessageItem } from "./MessageItem";
import { mayChange } from "./messageList";
import { useMarkChatRead } from "./queries";
import type { Chat, Message } from "./types";
import { useChatMessages } from "./useChatMessages";
import { useTypingNames, useTypingSignal } from "./useTyping";
import { useWhenVisible } from "./useWhenVisible";

// Closer to the bottom than this, the reader follows new messages down.
const FOLLOW_PX = 80;

/** Re-renders every half minute, so that the 15-minute edit window closes on screen too. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function ChatView({ chatId, chat }: { chatId: string; chat: Chat | undefined }) {
  const { t } = useI18n();
  const { user } = useSession();
  const messages = useChatMessages(chatId);
  const markRead = useMarkChatRead(chatId);
  const typingNames = useTypingNames(chatId);
  const signalTyping = useTypingSignal(chatId);
  const now = useNow();
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const titleId = useId();
  const log = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLLIElement>(null);
  const bottom = useRef<HTMLLIElement>(null);
  const composer = useRef<HTMLTextAreaElement>(null);
  const anchor = useRef<number | null>(null);
  const following = useRef(true);
  const readUpTo = useRef(chat?.last_read_message_id ?? 0);
  const archived = chat?.is_archived ?? false;
  const newest = messages.messages.at(-1)?.id ?? 0;
  const oldest = messages.messages[0]?.id ?? 0;

  // Older messages shown: the ones that were in view stay where they were.
  useLayoutEffect(() => {
    const element = log.current;
    if (element === null) return;
    if (anchor.current !== null) {
      element.scrollTop = element.scrollHeight - anchor.current;
      anchor.current = null;
    } else if (following.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [oldest, newest, messages.phase]);

  const { loadOlder: fetchOlder } = messages;
  const loadOlder = useCallback(() => {
    void fetchOlder(() => {
      const element = log.current;
      if (element !== null) anchor.current = element.scrollHeight - element.scrollTop;
    });
  }, [fetchOlder]);

  useWhenVisible(top, loadOlder, {
    root: log,
    watch: oldest,
    enabled: messages.phase === "ready" && messages.nextBefore !== null && !messages.olderFailed,
    assumeVisible: false,
  });

  const { mutate: markReadUpTo } = markRead;
  const readNewest = useCallback(() => {
    if (newest <= readUpTo.current || document.visibilityState === "hidden") return;
    const before = readUpTo.current;
    readUpTo.current = newest;
    // Not marked (the network, for one): the next sight of the newest message tries again.
    markReadUpTo(newest, { onError: () => (readUpTo.current = before) });
  }, [newest, markReadUpTo]);

  useWhenVisible(bottom, readNewest, {
    root: log,
    watch: newest,
    enabled: messages.phase === "ready" && newest > 0,
    assumeVisible: true,
  });

  // Back to a tab left at the newest message: what came meanwhile is read now.
  useEffect(() => {
    const back = () => {
      if (following.current) readNewest();
    };
    document.addEventListener("visibilitychange", back);
    return () => document.removeEventListener("visibilitychange", back);
  }, [readNewest]);

  if (messages.phase === "missing") return <p role="alert">{t("forum.chatNotFound")}</p>;

  return (
    <section className="chat-view" aria-labelledby={titleId}>
      <h2 id={titleId}>{chat?.title ?? t("forum.chat")}</h2>
      {chat && <p className="meta">{chat.participants.map((person) => person.name).join(", ")}</p>}
      <div
        ref={log}
        className="chat-log"
        role="log"
        aria-live="polite"
        aria-label={t("forum.history")}
        aria-busy={messages.phase === "loading" || messages.loadingOlder}
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          following.current = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_PX;
        }}
      >
        {messages.phase === "loading" && <p role="status">{t("common.loading")}</p>}
        {messages.phase === "failed" && (
          <p role="alert" className="error">
            {t("common.loadFailed")}
          </p>
        )}
        {messages.phase === "ready" && (
          <ol className="messages">
            <li ref={top} className="older">
              {messages.nextBefore !== null ? (
                <button type="button" disabled={messages.loadingOlder} onClick={loadOlder}>
                  {messages.loadingOlder ? t("forum.loadingEarlier") : t("forum.showEarlier")}
                </button>
              ) : (
                <span className="meta">
                  {messages.messages.length === 0 ? t("forum.noMessages") : t("forum.start")}
                </span>
              )}
              {messages.olderFailed && (
                <span role="alert" className="error">
                  {" "}
                  {t("forum.earlierFailed")}
                </span>
              )}
            </li>
            {messages.messages.map((message) => (
              <MessageItem
                key={message.id}
                message={message}
                mine={message.sender?.id === user?.id}
                changeable={!archived && mayChange(message, user?.id, now)}
                canReply={!archived}
                onReply={(chosen) => {
                  setReplyTo(chosen);
                  composer.current?.focus();
                }}
                onEdit={messages.edit}
                onDelete={messages.remove}
              />
            ))}
            <li ref={bottom} className="newest" aria-hidden="true" />
          </ol>
        )}
      </div>
      <p className="typing" role="status">
        {typingNames.length > 0 && t("forum.typing", { names: typingNames.join(", ") })}
      </p>
      {archived ? (
        <p className="notice">{t("forum.archivedNotice")}</p>
      ) : (
        <Composer
          ref={composer}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          onSend={(input) => {
            following.current = true;
            return messages.send(input);
          }}
          onTyping={signalTyping}
        />
      )}
    </section>
  );
}
