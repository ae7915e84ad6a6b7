import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import { useApi } from "../api/ApiProvider";
import { usePublicConfig } from "../api/config";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { LiveSocket, type Connect, type SocketStatus } from "./liveSocket";
import { applyEventToChats, CHATS_KEY } from "./queries";
import type { ServerEvent } from "./types";

type Listener = (event: ServerEvent) => void;

interface Socket {
  status: SocketStatus;
  /** Calls the listener with every event until the returned function is called. */
  subscribe: (listener: Listener) => () => void;
  send: (type: string, data?: Record<string, unknown>) => boolean;
}

// Without a provider (pages tested alone) there is simply no live connection.
const OFF: Socket = { status: "off", subscribe: () => () => undefined, send: () => false };
const SocketContext = createContext<Socket>(OFF);

const browserSocket: Connect = (url) => new WebSocket(url);

interface Props {
  children: ReactNode;
  /** How a socket is opened; tests give a fake. */
  connect?: Connect;
}

/** The signed-in user's one socket for the whole app; closed when they sign out. */
export function SocketProvider({ children, connect = browserSocket }: Props) {
  const { api } = useApi();
  const { user } = useSession();
  const { data: config } = usePublicConfig();
  const queryClient = useQueryClient();
  const listeners = useRef(new Set<Listener>());
  const live = useRef<LiveSocket | null>(null);
  const [status, setStatus] = useState<SocketStatus>("off");
  const me = user !== null && !user.must_change_password ? user.id : null;
  const url = config?.websocket_url;

  useEffect(() => {
    if (me === null || !url) return;
    let readies = 0;
    const socket = new LiveSocket({
      url,
      connect,
      ticket: async () => (await unwrap(api.POST("/api/v1/ws/ticket"))).ticket,
      onStatus: setStatus,
      onEvent: (event) => {
        if (event.type === "ready") {
          readies += 1;
          // Back after a break: the list may have changed meanwhile.
          if (readies > 1) void queryClient.invalidateQueries({ queryKey: CHATS_KEY });
        }
        applyEventToChats(queryClient, event, me);
        for (const listener of listeners.current) listener(event);
      },
    });
    live.current = socket;
    socket.start();
    return () => {
      live.current = null;
      socket.stop();
    };
  }, [api, connect, queryClient, me, url]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const send = useCallback(
    (type: string, data?: Record<string, unknown>) => live.current?.send(type, data) ?? false,
    [],
  );

  const value = useMemo<Socket>(() => ({ status, subscribe, send }), [status, subscribe, send]);
  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}

export function useSocket(): Socket {
  return useContext(SocketContext);
}

/** Calls the latest `listener` with every socket event while the component is mounted. */
export function useSocketEvents(listener: Listener): void {
  const { subscribe } = useSocket();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}
