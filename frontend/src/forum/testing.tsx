/** Fixtures, a fake socket and a fake forum server for the forum's tests. */
import { act } from "@testing-library/react";
import { AppRoutes } from "../routes";
import { json, page, type Handler } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { renderApp } from "../test/render";
import type { SocketLike } from "./liveSocket";
import { SocketProvider } from "./SocketProvider";
import type { Chat, Message } from "./types";

export const chatIds = {
  math: ids.chat,
  english: "0190f3f4-0000-7000-8000-000000000071",
  old: "0190f3f4-0000-7000-8000-000000000072",
};

const masha = { id: ids.masha, name: "Маша Иванова", role: "student" };
export const anna = { id: ids.anna, name: "Анна Смирнова", role: "teacher" };
const oliver = { id: ids.oliver, name: "Oliver Brown", role: "teacher" };

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export function message(id: number, fields: Partial<Message> = {}): Message {
  return {
    id,
    chat_id: chatIds.math,
    sender: anna,
    content: `Сообщение ${id}`,
    reply_to: null,
    client_id: null,
    created_at: minutesAgo(60 - id / 10),
    edited_at: null,
    deleted_at: null,
    ...fields,
  };
}

/** Own: sent by Маша (the signed-in student of the fixtures), `minutes` ago. */
export function own(id: number, minutes: number, fields: Partial<Message> = {}): Message {
  return message(id, { sender: masha, created_at: minutesAgo(minutes), ...fields });
}

function chat(id: string, title: string, other: typeof anna, fields: Partial<Chat>): Chat {
  return {
    id,
    kind: "subject",
    title,
    enrollment_id: ids.mathEnrollment,
    subject: { id: ids.mathSubject, name: title.split(" — ")[0] ?? title },
    participants: [masha, other],
    last_message: null,
    unread_count: 0,
    last_read_message_id: null,
    is_archived: false,
    ...fields,
  };
}

export function chats(): Chat[] {
  return [
    chat(chatIds.math, "Mathematics — Маша Иванова ↔ Анна Смирнова", anna, {
      unread_count: 2,
      last_read_message_id: 8,
      last_message: {
        id: 10,
        sender_id: anna.id,
        sender_name: anna.name,
        content: "Конечно, пиши — разберём вместе.",
        created_at: "2026-11-20T07:24:52Z",
        is_deleted: false,
      },
    }),
    chat(chatIds.english, "English — Маша Иванова ↔ Oliver Brown", oliver, {}),
    chat(chatIds.old, "Physics — Маша Иванова ↔ Oliver Brown", oliver, { is_archived: true }),
  ];
}

export function chatPage(items: Chat[] = chats()) {
  return json(page(items));
}

/** The standard answers of a forum: the list, a read mark and socket tickets. */
export function forumRoutes(): Record<string, Handler> {
  let tickets = 0;
  return {
    "GET /api/v1/forum/chats": () => chatPage(),
    "POST /api/v1/ws/ticket": () => json({ ticket: `ticket-${++tickets}`, expires_in: 30 }),
    [`POST /api/v1/forum/chats/${chatIds.math}/read`]: async (request) => {
      const body = (await request.json()) as { up_to_message_id: number };
      return json({ chat_id: chatIds.math, last_read_message_id: body.up_to_message_id, unread_count: 0 });
    },
  };
}

export function messagesPath(chatId: string = chatIds.math): string {
  return `GET /api/v1/forum/chats/${chatId}/messages`;
}

/** A stand-in for the browser's WebSocket that the test drives. */
export class FakeSocket implements SocketLike {
  sent: { type: string; data?: Record<string, unknown> }[] = [];
  closed = false;
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as FakeSocket["sent"][number]);
  }

  close(): void {
    this.closed = true;
  }

  /** Opens it and says the subscription is live, as the platform does. */
  accept(): void {
    act(() => {
      this.onopen?.(new Event("open"));
    });
    this.deliver("ready", { user_id: ids.masha });
  }

  deliver(type: string, data: unknown): void {
    act(() => {
      this.onmessage?.(new MessageEvent("message", { data: JSON.stringify({ type, data }) }));
    });
  }

  /** The connection breaks (the server went away). */
  drop(): void {
    act(() => {
      this.onclose?.(new Event("close") as CloseEvent);
    });
  }
}

export function fakeSockets() {
  const sockets: FakeSocket[] = [];
  const connect = (url: string) => {
    const socket = new FakeSocket(url);
    sockets.push(socket);
    return socket;
  };
  return { sockets, connect };
}

/** The whole app at `route` with the socket provider on fake sockets. */
export function renderLive(route: string, routes: Record<string, Handler>) {
  const { sockets, connect } = fakeSockets();
  const rendered = renderApp(
    <SocketProvider connect={connect}>
      <AppRoutes />
    </SocketProvider>,
    { route, routes: { ...forumRoutes(), ...routes } },
  );
  return { ...rendered, sockets };
}
