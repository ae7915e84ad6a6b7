import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";
import { NOTIFICATIONS_KEY } from "../notifications/queries";
import type { Chat, ChatPage, Message, ReadState, ServerEvent } from "./types";

export const CHATS_KEY = ["forum", "chats"] as const;
// The API's largest page: one's chats (a handful per enrollment) fit in it.
const CHATS_LIMIT = 100;

/** One's chats, the most recently active first: the list and the header's badge. */
export function useChats() {
  const { api } = useApi();
  const { user } = useSession();
  return useQuery({
    queryKey: CHATS_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/forum/chats", { params: { query: { limit: CHATS_LIMIT } } })),
    enabled: user !== null && !user.must_change_password,
    refetchInterval: 60_000,
  });
}

export function totalUnread(page: ChatPage | undefined): number {
  return (page?.items ?? []).reduce((sum, chat) => sum + chat.unread_count, 0);
}

function changeChat(queryClient: QueryClient, chatId: string, change: (chat: Chat) => Chat): boolean {
  const page = queryClient.getQueryData<ChatPage>(CHATS_KEY);
  if (!page?.items.some((chat) => chat.id === chatId)) return false;
  queryClient.setQueryData<ChatPage>(CHATS_KEY, {
    ...page,
    items: page.items.map((chat) => (chat.id === chatId ? change(chat) : chat)),
  });
  return true;
}

/** The chat with a new last message, moved to the top of the list. */
function withNewMessage(page: ChatPage, message: Message, me: string): ChatPage {
  const chat = page.items.find((item) => item.id === message.chat_id);
  if (chat === undefined || (chat.last_message !== null && chat.last_message.id >= message.id)) return page;
  const fromOther = message.sender?.id !== me;
  const updated: Chat = {
    ...chat,
    unread_count: chat.unread_count + (fromOther ? 1 : 0),
    last_message: {
      id: message.id,
      sender_id: message.sender?.id ?? null,
      sender_name: message.sender?.name ?? null,
      content: message.content,
      created_at: message.created_at,
      is_deleted: message.deleted_at !== null,
    },
  };
  const others = page.items.filter((item) => item.id !== chat.id);
  return { ...page, items: chat.is_archived ? [...others, updated] : [updated, ...others] };
}

/** Keeps the chat list (and so the header's badge) in step with the socket's events. */
export function applyEventToChats(queryClient: QueryClient, event: ServerEvent, me: string): void {
  const page = queryClient.getQueryData<ChatPage>(CHATS_KEY);
  switch (event.type) {
    case "message.created": {
      if (page === undefined) return;
      if (!page.items.some((chat) => chat.id === event.data.chat_id)) {
        void queryClient.invalidateQueries({ queryKey: CHATS_KEY });
        return;
      }
      queryClient.setQueryData<ChatPage>(CHATS_KEY, withNewMessage(page, event.data, me));
      if (event.data.sender?.id !== me) void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
      return;
    }
    case "message.updated": {
      const message = event.data;
      changeChat(queryClient, message.chat_id, (chat) =>
        chat.last_message?.id === message.id
          ? {
              ...chat,
              last_message: {
                ...chat.last_message,
                content: message.content,
                is_deleted: message.deleted_at !== null,
              },
            }
          : chat,
      );
      return;
    }
    case "message.read": {
      // Read in another tab of one's own: the counts come from the platform again.
      const chat = page?.items.find((item) => item.id === event.data.chat_id);
      const upTo = event.data.up_to_message_id ?? 0;
      if (event.data.user_id === me && chat !== undefined && upTo > (chat.last_read_message_id ?? 0)) {
        void queryClient.invalidateQueries({ queryKey: CHATS_KEY });
      }
      return;
    }
    case "notification":
      void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
      return;
    default:
      return;
  }
}

/** Marks a chat read up to a message; the list, the badge and the dashboards follow. */
export function useMarkChatRead(chatId: string) {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (upTo: number) =>
      unwrap(
        api.POST("/api/v1/forum/chats/{chat_id}/read", {
          params: { path: { chat_id: chatId } },
          body: { up_to_message_id: upTo },
        }),
      ),
    onSuccess: (state: ReadState) => {
      changeChat(queryClient, chatId, (chat) => ({
        ...chat,
        unread_count: state.unread_count,
        last_read_message_id: state.last_read_message_id,
      }));
      void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
    },
  });
}
