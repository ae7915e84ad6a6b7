import { useCallback, useEffect, useRef, useState } from "react";
import { useSocket, useSocketEvents } from "./SocketProvider";

/** How long "… is typing" stays after the last signal. */
export const TYPING_SHOWN_MS = 5_000;
/** The least time between two typing signals this app sends for one chat. */
export const TYPING_EVERY_MS = 3_000;

/** Who else is typing in the chat now (by name), from the socket's `typing` events. */
export function useTypingNames(chatId: string): string[] {
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useSocketEvents((event) => {
    if (event.type === "typing" && event.data.chat_id === chatId) {
      const { user_id, name } = event.data;
      setTyping((now) => ({ ...now, [user_id]: { name, until: Date.now() + TYPING_SHOWN_MS } }));
    } else if (event.type === "message.created" && event.data.chat_id === chatId && event.data.sender) {
      // Their message has come: they are no longer typing it.
      const sender = event.data.sender.id;
      setTyping((now) => Object.fromEntries(Object.entries(now).filter(([id]) => id !== sender)));
    }
  });

  useEffect(() => {
    const entries = Object.values(typing);
    if (entries.length === 0) return;
    const next = Math.min(...entries.map((entry) => entry.until));
    timer.current = setTimeout(
      () =>
        setTyping((now) =>
          Object.fromEntries(Object.entries(now).filter(([, entry]) => entry.until > Date.now())),
        ),
      Math.max(0, next - Date.now()) + 10,
    );
    return () => clearTimeout(timer.current);
  }, [typing]);

  return Object.values(typing).map((entry) => entry.name);
}

/** Tells the chat's others that one is typing, at most once every three seconds. */
export function useTypingSignal(chatId: string): () => void {
  const { send } = useSocket();
  const last = useRef(0);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < TYPING_EVERY_MS) return;
    if (send("typing", { chat_id: chatId })) last.current = now;
  }, [send, chatId]);
}
