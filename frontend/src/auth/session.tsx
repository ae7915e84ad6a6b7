import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore } from "react";
import type { ReactNode } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";

export type User = components["schemas"]["UserOut"];
export type Role = components["schemas"]["Role"];
export const SESSION_KEY = ["session"] as const;

type Status = "signed-out" | "loading" | "failed" | "signed-in";

interface Session {
  status: Status;
  user: User | null;
  signIn: (email: string, password: string) => Promise<User>;
  signOut: () => Promise<void>;
  /** Read the user again (after a password change, for instance). */
  reload: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { api, tokens } = useApi();
  const queryClient = useQueryClient();
  const signedIn = useSyncExternalStore(tokens.subscribe, () => tokens.signedIn);
  const me = useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => (await unwrap(api.GET("/api/v1/auth/me"))).user,
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });

  useEffect(() => {
    // Signed out (here, in another call's failed refresh): nothing of that user may stay.
    if (!signedIn) queryClient.clear();
  }, [signedIn, queryClient]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const answer = await unwrap(api.POST("/api/v1/auth/login", { body: { email, password } }));
      queryClient.setQueryData(SESSION_KEY, answer.user);
      tokens.save(answer);
      return answer.user;
    },
    [api, tokens, queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.POST("/api/v1/auth/logout");
    } finally {
      tokens.clear();
    }
  }, [api, tokens]);

  const reload = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
  }, [queryClient]);

  const value = useMemo<Session>(() => {
    let status: Status = "signed-in";
    if (!signedIn) status = "signed-out";
    else if (me.data === undefined) status = me.isError ? "failed" : "loading";
    const user = signedIn ? (me.data ?? null) : null;
    return { status, user, signIn, signOut, reload };
  }, [signedIn, me.data, me.isError, signIn, signOut, reload]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (value === null) throw new Error("useSession needs a SessionProvider above it");
  return value;
}

/** Where a user starts: the dashboard of their role, or the office's home. */
export function homeOf(user: User): string {
  return user.role === "admin" ? "/admin" : `/dashboard/${user.role}`;
}
