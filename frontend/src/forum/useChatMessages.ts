import { useCallback, useEffect, useRef, useState } from "react";
import { useApi } from "../api/ApiProvider";
import { ApiError, unwrap } from "../api/problem";
import { merge, replace } from "./messageList";
import { useSocketEvents } from "./SocketProvider";
import type { Message } from "./types";

export const PAGE_SIZE = 30;
const CATCH_UP_PAGE = 100;

interface State {
  messages: Message[];
  /** Pass as `before` for older messages; null when the first message is loaded. */
  nextBefore: number | null;
  phase: "loading" | "ready" | "missing" | "failed";
  loadingOlder: boolean;
  olderFailed: boolean;
}

const INITIAL: State = {
  messages: [],
  nextBefore: null,
  phase: "loading",
  loadingOlder: false,
  olderFailed: false,
};

interface SendInput {
  content: string;
  replyToId: number | null;
  clientId: string;
}

/**
 * The open chat's messages, oldest first: the newest page, older pages on demand, live ones
 * from the socket and, after every reconnection, whatever came meanwhile (the `after`
 * cursor), each message once whichever way it arrived.
 */
export function useChatMessages(chatId: string) {
  const { api } = useApi();
  const [state, setState] = useState<State>(INITIAL);
  const loaded = useRef(false);
  const missedWhileLoading = useRef(false);
  const newest = useRef(0);
  const cursor = useRef<number | null>(null);
  const catchingUp = useRef(false);

  const fetchPage = useCallback(
    (query: { before?: number; after?: number; limit: number }) =>
      unwrap(
        api.GET("/api/v1/forum/chats/{chat_id}/messages", {
          params: { path: { chat_id: chatId }, query },
        }),
      ),
    [api, chatId],
  );

  const add = useCallback((incoming: Message[]) => {
    for (const message of incoming) newest.current = Math.max(newest.current, message.id);
    setState((state) => ({ ...state, messages: merge(state.messages, incoming) }));
  }, []);

  const catchUp = useCallback(async () => {
    if (catchingUp.current) return;
    catchingUp.current = true;
    try {
      let after: number | null = newest.current;
      while (after !== null) {
        const page = await fetchPage({ after, limit: CATCH_UP_PAGE });
        add(page.items);
        after = page.next_after;
      }
    } catch {
      // The next reconnection tries again; meanwhile the socket brings new messages.
    } finally {
      catchingUp.current = false;
    }
  }, [fetchPage, add]);

  useEffect(() => {
    let cancelled = false;
    fetchPage({ limit: PAGE_SIZE }).then(
      (page) => {
        if (cancelled) return;
        cursor.current = page.next_before;
        add([...page.items].reverse());
        setState((state) => ({ ...state, nextBefore: page.next_before, phase: "ready" }));
        loaded.current = true;
        if (missedWhileLoading.current) void catchUp();
      },
      (error: unknown) => {
        if (cancelled) return;
        const missing = error instanceof ApiError && error.problem.status === 404;
        setState((state) => ({ ...state, phase: missing ? "missing" : "failed" }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [fetchPage, add, catchUp]);

  useSocketEvents((event) => {
    if (event.type === "ready") {
      if (loaded.current) void catchUp();
      else missedWhileLoading.current = true;
    } else if (event.type === "message.created" && event.data.chat_id === chatId) {
      add([event.data]);
    } else if (event.type === "message.updated" && event.data.chat_id === chatId) {
      const changed = event.data;
      setState((state) => ({ ...state, messages: replace(state.messages, changed) }));
    }
  });

  const older = useRef(false);
  /** Loads the page before the oldest message; `beforeShowing` runs just before it is shown. */
  const loadOlder = useCallback(
    async (beforeShowing?: () => void) => {
      const before = cursor.current;
      if (older.current || before === null) return;
      older.current = true;
      setState((state) => ({ ...state, loadingOlder: true, olderFailed: false }));
      try {
        const page = await fetchPage({ before, limit: PAGE_SIZE });
        cursor.current = page.next_before;
        beforeShowing?.();
        setState((state) => ({
          ...state,
          messages: merge(state.messages, page.items),
          nextBefore: page.next_before,
          loadingOlder: false,
        }));
      } catch {
        setState((state) => ({ ...state, loadingOlder: false, olderFailed: true }));
      } finally {
        older.current = false;
      }
    },
    [fetchPage],
  );

  const send = useCallback(
    async ({ content, replyToId, clientId }: SendInput) => {
      const message = await unwrap(
        api.POST("/api/v1/forum/chats/{chat_id}/messages", {
          params: { path: { chat_id: chatId } },
          body: { content, reply_to_id: replyToId, client_id: clientId },
        }),
      );
      add([message]);
      return message;
    },
    [api, chatId, add],
  );

  const edit = useCallback(
    async (messageId: number, content: string) => {
      const message = await unwrap(
        api.PATCH("/api/v1/forum/chats/{chat_id}/messages/{message_id}", {
          params: { path: { chat_id: chatId, message_id: messageId } },
          body: { content },
        }),
      );
      setState((state) => ({ ...state, messages: replace(state.messages, message) }));
    },
    [api, chatId],
  );

  const remove = useCallback(
    async (messageId: number) => {
      await unwrap(
        api.DELETE("/api/v1/forum/chats/{chat_id}/messages/{message_id}", {
          params: { path: { chat_id: chatId, message_id: messageId } },
        }),
      );
      const at = new Date().toISOString();
      setState((state) => {
        const gone = state.messages.find((message) => message.id === messageId);
        if (gone === undefined) return state;
        return { ...state, messages: replace(state.messages, { ...gone, content: "", deleted_at: at }) };
      });
    },
    [api, chatId],
  );

  return { ...state, loadOlder, send, edit, remove };
}
