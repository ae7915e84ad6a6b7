import { useId, useState } from "react";
import { ApiError } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import type { Message } from "./types";

interface Props {
  message: Message;
  mine: boolean;
  /** Own, recent and in an open chat: may be edited and deleted. */
  changeable: boolean;
  /** Replies are offered (the chat is not archived). */
  canReply: boolean;
  onReply: (message: Message) => void;
  onEdit: (id: number, content: string) => Promise<void>;
  onDelete: (id: number) => Promise<void>;
}

/** What the platform said when it refused: its detail, else its title. */
function refusal(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return error.problem.detail || error.problem.title;
  return fallback;
}

export function MessageItem({ message, mine, changeable, canReply, onReply, onEdit, onDelete }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const [mode, setMode] = useState<"show" | "edit" | "confirm">("show");
  const [draft, setDraft] = useState(message.content);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const editId = useId();
  const deleted = message.deleted_at !== null;
  const sender = message.sender?.name ?? t("forum.unknownSender");

  async function attempt(action: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      setMode("show");
    } catch (error) {
      setProblem(refusal(error, t("forum.actionFailed")));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={mine ? "message mine" : "message"} data-id={message.id}>
      <article aria-label={t("forum.messageBy", { name: sender, time: format.dateTime(message.created_at) })}>
        <p className="message-meta">
          <strong>{sender}</strong> ·{" "}
          <time dateTime={message.created_at}>{format.dateTime(message.created_at)}</time>
          {message.edited_at !== null && !deleted && <> · {t("forum.edited")}</>}
        </p>
        {message.reply_to !== null && (
          <blockquote className="message-quote">
            <span className="visually-hidden">{t("forum.inReplyTo")} </span>
            <strong>{message.reply_to.sender_name ?? t("forum.unknownSender")}:</strong>{" "}
            {message.reply_to.is_deleted ? t("forum.deleted") : message.reply_to.excerpt}
          </blockquote>
        )}
        {deleted ? (
          <p className="message-deleted">{t("forum.deleted")}</p>
        ) : mode === "edit" ? (
          <form
            className="message-edit"
            onSubmit={(event) => {
              event.preventDefault();
              void attempt(() => onEdit(message.id, draft.trim()));
            }}
          >
            <label htmlFor={editId}>{t("forum.editLabel")}</label>
            <textarea
              id={editId}
              value={draft}
              maxLength={4000}
              rows={3}
              onChange={(event) => setDraft(event.target.value)}
            />
            <button type="submit" disabled={busy || draft.trim() === ""}>
              {t("forum.save")}
            </button>{" "}
            <button type="button" disabled={busy} onClick={() => setMode("show")}>
              {t("forum.cancel")}
            </button>
          </form>
        ) : (
          <p className="message-text">{message.content}</p>
        )}
        {!deleted && mode === "show" && (
          <div className="message-actions">
            {canReply && (
              <button type="button" className="link-button" onClick={() => onReply(message)}>
                {t("forum.reply")}
              </button>
            )}
            {changeable && (
              <>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setDraft(message.content);
                    setProblem(null);
                    setMode("edit");
                  }}
                >
                  {t("forum.edit")}
                </button>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setProblem(null);
                    setMode("confirm");
                  }}
                >
                  {t("forum.delete")}
                </button>
              </>
            )}
          </div>
        )}
        {!deleted && mode === "confirm" && (
          <div className="message-actions" role="group" aria-label={t("forum.confirmDelete")}>
            <span>{t("forum.confirmDelete")}</span>{" "}
            <button type="button" disabled={busy} onClick={() => void attempt(() => onDelete(message.id))}>
              {t("forum.confirmDeleteYes")}
            </button>{" "}
            <button type="button" disabled={busy} onClick={() => setMode("show")}>
              {t("forum.cancel")}
            </button>
          </div>
        )}
        {problem !== null && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
      </article>
    </li>
  );
}
