import { forwardRef, useId, useRef, useState } from "react";
import { ApiError } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { newClientId } from "./clientId";
import type { Message } from "./types";

interface SendInput {
  content: string;
  replyToId: number | null;
  clientId: string;
}

interface Props {
  replyTo: Message | null;
  onCancelReply: () => void;
  onSend: (input: SendInput) => Promise<unknown>;
  onTyping: () => void;
}

/**
 * The new message's box. Enter sends and Shift+Enter starts a new line. A failed send keeps
 * the text and its client id: sending the same text again is a retry the platform stores once.
 */
export const Composer = forwardRef<HTMLTextAreaElement, Props>(function Composer(
  { replyTo, onCancelReply, onSend, onTyping },
  textarea,
) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const pending = useRef<{ content: string; replyToId: number | null; clientId: string } | null>(null);
  const inputId = useId();
  const hintId = useId();
  const content = text.trim();

  async function send() {
    if (content === "" || sending) return;
    const replyToId = replyTo?.id ?? null;
    const same = pending.current?.content === content && pending.current.replyToId === replyToId;
    const attempt =
      same && pending.current ? pending.current : { content, replyToId, clientId: newClientId() };
    pending.current = attempt;
    setSending(true);
    setFailure(null);
    try {
      await onSend(attempt);
      pending.current = null;
      setText("");
      onCancelReply();
    } catch (error) {
      const detail = error instanceof ApiError ? error.problem.detail : null;
      setFailure(detail ? `${t("forum.sendFailed")} ${detail}` : t("forum.sendFailed"));
    } finally {
      setSending(false);
    }
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {replyTo !== null && (
        <div className="composer-reply">
          <p>
            {t("forum.replyingTo", { name: replyTo.sender?.name ?? t("forum.unknownSender") })}
            <span className="quote-text">{replyTo.content}</span>
          </p>
          <button type="button" onClick={onCancelReply}>
            {t("forum.cancelReply")}
          </button>
        </div>
      )}
      <label htmlFor={inputId}>{t("forum.composerLabel")}</label>
      <textarea
        id={inputId}
        ref={textarea}
        value={text}
        rows={3}
        maxLength={4000}
        aria-describedby={hintId}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim() !== "") onTyping();
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <p id={hintId} className="meta">
        {t("forum.composerHint")}
      </p>
      <button type="submit" disabled={content === "" || sending}>
        {sending ? t("forum.sending") : t("forum.send")}
      </button>
      {failure !== null && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </form>
  );
});
