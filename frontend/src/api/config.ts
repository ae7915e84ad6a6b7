import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiProvider";
import { unwrap } from "./problem";

export const DEFAULT_TIME_ZONE = "Europe/Moscow";

/** The platform's public runtime configuration (GET /api/v1/config), read once per visit. */
export function usePublicConfig() {
  const { api } = useApi();
  return useQuery({
    queryKey: ["config"],
    queryFn: () => unwrap(api.GET("/api/v1/config")),
    staleTime: Infinity,
  });
}

/** The school's time zone: every time is shown in it, wherever the reader is. */
export function useTimeZone(): string {
  const { data } = usePublicConfig();
  return data?.timezone || DEFAULT_TIME_ZONE;
}
