import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { useSession } from "../auth/session";

export const NOTIFICATIONS_KEY = ["notifications"] as const;
export const UNREAD_COUNT_KEY = ["notifications", "unread-count"] as const;
export const PAGE_SIZE = 20;

/** How many notifications are unread: the header's badge. */
export function useUnreadCount() {
  const { api } = useApi();
  const { status } = useSession();
  return useQuery({
    queryKey: UNREAD_COUNT_KEY,
    queryFn: async () => {
      const page = await unwrap(
        api.GET("/api/v1/notifications", { params: { query: { unread: true, limit: 1 } } }),
      );
      return page.unread_count;
    },
    enabled: status === "signed-in",
    refetchInterval: 60_000,
  });
}

export function useNotificationPage(unreadOnly: boolean, offset: number) {
  const { api } = useApi();
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, "page", { unreadOnly, offset }],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/notifications", {
          params: { query: { unread: unreadOnly, limit: PAGE_SIZE, offset } },
        }),
      ),
  });
}

/** Marking read changes the list, the badge and the dashboards' unread blocks alike. */
function useRefreshAfterReading() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
      queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
    ]);
  };
}

export function useMarkRead() {
  const { api } = useApi();
  const refresh = useRefreshAfterReading();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/notifications/{notification_id}/read", {
          params: { path: { notification_id: id } },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useMarkAllRead() {
  const { api } = useApi();
  const refresh = useRefreshAfterReading();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all")),
    onSuccess: refresh,
  });
}
