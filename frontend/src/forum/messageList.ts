import type { Message } from "./types";

/** The messages of the open chat, oldest first, each id once; later copies replace earlier ones. */
export function merge(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return current as Message[];
  const byId = new Map<number, Message>();
  for (const message of current) byId.set(message.id, message);
  for (const message of incoming) byId.set(message.id, message);
  // Ids grow with every message the platform stores: their order is the chat's order.
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** A message changed (edited or deleted): replaced where it is, ignored when not loaded. */
export function replace(current: readonly Message[], changed: Message): Message[] {
  return current.some((message) => message.id === changed.id)
    ? current.map((message) => (message.id === changed.id ? changed : message))
    : (current as Message[]);
}

export const EDIT_WINDOW_MS = 15 * 60_000;

/** Own, not deleted, sent less than 15 minutes ago: the author may still edit or delete it. */
export function mayChange(message: Message, me: string | undefined, now: number): boolean {
  return (
    message.sender !== null &&
    message.sender.id === me &&
    message.deleted_at === null &&
    now - Date.parse(message.created_at) < EDIT_WINDOW_MS
  );
}
