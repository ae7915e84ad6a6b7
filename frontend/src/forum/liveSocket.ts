import { parseEvent, type ServerEvent } from "./types";

/** The part of a browser WebSocket this app uses (tests give a fake one). */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export type Connect = (url: string) => SocketLike;

/** off: not wanted; connecting: the first try; open: events flow; lost: waiting to reconnect. */
export type SocketStatus = "off" | "connecting" | "open" | "lost";

export const PING_EVERY_MS = 25_000;
export const FIRST_RETRY_MS = 1_000;
export const LONGEST_RETRY_MS = 30_000;

interface Options {
  /** The socket URL from the public config, without the ticket. */
  url: string;
  /** A fresh one-time ticket (POST /api/v1/ws/ticket). */
  ticket: () => Promise<string>;
  connect: Connect;
  onEvent: (event: ServerEvent) => void;
  onStatus: (status: SocketStatus) => void;
}

/**
 * One user's socket: a new ticket for every connection, pings while open, and reconnection
 * with exponential backoff whenever the socket closes or cannot be opened, until `stop()`.
 */
export class LiveSocket {
  private socket: SocketLike | null = null;
  private isOpen = false;
  private failures = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: Options) {}

  start(): void {
    this.options.onStatus("connecting");
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    const wasOpen = this.isOpen;
    this.socket = null;
    this.isOpen = false;
    if (socket !== null && wasOpen) socket.close(1000, "signed out");
    // Closing a socket still connecting makes browsers log an error: it closes once open.
    else if (socket !== null) socket.onopen = () => socket.close(1000, "signed out");
    this.options.onStatus("off");
  }

  /** Sends `{type, data}` when the socket is open; says whether it could. */
  send(type: string, data?: Record<string, unknown>): boolean {
    if (this.socket === null || !this.isOpen) return false;
    this.socket.send(JSON.stringify(data === undefined ? { type } : { type, data }));
    return true;
  }

  private async open(): Promise<void> {
    let ticket: string;
    try {
      ticket = await this.options.ticket();
    } catch {
      this.retryLater();
      return;
    }
    if (this.stopped) return;
    const separator = this.options.url.includes("?") ? "&" : "?";
    const socket = this.options.connect(
      `${this.options.url}${separator}ticket=${encodeURIComponent(ticket)}`,
    );
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.isOpen = true;
      this.pingTimer = setInterval(() => this.send("ping"), PING_EVERY_MS);
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      const event = parseEvent(message.data);
      if (event === null) return;
      if (event.type === "ready") {
        this.failures = 0;
        this.options.onStatus("open");
      }
      this.options.onEvent(event);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.isOpen = false;
      clearInterval(this.pingTimer);
      this.retryLater();
    };
    // A failed socket also closes: the close handler reconnects.
    socket.onerror = () => undefined;
  }

  private retryLater(): void {
    if (this.stopped) return;
    const base = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures);
    this.failures += 1;
    this.options.onStatus("lost");
    // A little spread, so that a restarted server is not met by every client at once.
    const delay = Math.round(base * (1 + Math.random() * 0.2));
    this.retryTimer = setTimeout(() => void this.open(), delay);
  }
}
