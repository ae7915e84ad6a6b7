import type { components } from "../api/schema";

type Schemas = components["schemas"];

export type Chat = Schemas["ChatOut"];
export type ChatPage = Schemas["ChatPageOut"];
export type Message = Schemas["MessageOut"];
export type MessagePage = Schemas["MessagePageOut"];
export type ReadState = Schemas["ReadOut"];

/** What the platform's socket sends (see src/thebot/entrypoints/http/ws.py). */
export type ServerEvent =
  | { type: "ready"; data: { user_id: string } }
  | { type: "message.created"; data: Message }
  | { type: "message.updated"; data: Message }
  | { type: "message.read"; data: { chat_id: string; user_id: string; up_to_message_id: number | null } }
  | { type: "typing"; data: { chat_id: string; user_id: string; name: string } }
  | { type: "presence"; data: { user_id: string; online: boolean } }
  | { type: "notification"; data: unknown }
  | { type: "pong"; data: unknown }
  | { type: "error"; data: { code: string; detail: string; request: string | null } };

export type ServerEventType = ServerEvent["type"];

const KNOWN: ReadonlySet<string> = new Set<ServerEventType>([
  "ready",
  "message.created",
  "message.updated",
  "message.read",
  "typing",
  "presence",
  "notification",
  "pong",
  "error",
]);

/** The event in a socket frame, or null for anything this app does not know. */
export function parseEvent(text: unknown): ServerEvent | null {
  if (typeof text !== "string") return null;
  try {
    const value = JSON.parse(text) as { type?: unknown; data?: unknown };
    if (typeof value !== "object" || value === null || typeof value.type !== "string") return null;
    if (!KNOWN.has(value.type)) return null;
    if (value.type !== "pong" && value.type !== "notification") {
      if (typeof value.data !== "object" || value.data === null) return null;
    }
    return value as ServerEvent;
  } catch {
    return null;
  }
}
