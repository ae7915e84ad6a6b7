import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { BrowserRouter } from "react-router";
import { ApiProvider } from "./api/ApiProvider";
import { createApi, type Api } from "./api/client";
import { ApiError } from "./api/problem";
import { TokenStore } from "./api/tokens";
import { SessionProvider } from "./auth/session";
import { SocketProvider } from "./forum/SocketProvider";
import { I18nProvider, type Lang } from "./i18n/I18nProvider";
import { AppRoutes } from "./routes";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A problem answer (403, 404…) will not change by asking again; a lost network may.
        retry: (failures, error) => !(error instanceof ApiError) && failures < 2,
      },
    },
  });
}

interface ProvidersProps {
  api: Api;
  tokens: TokenStore;
  queryClient: QueryClient;
  lang?: Lang;
  children: ReactNode;
}

/** Everything a page needs above it; tests give their own API and router. */
export function Providers({ api, tokens, queryClient, lang, children }: ProvidersProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <ApiProvider api={api} tokens={tokens}>
        <I18nProvider lang={lang}>
          <SessionProvider>{children}</SessionProvider>
        </I18nProvider>
      </ApiProvider>
    </QueryClientProvider>
  );
}

export function App() {
  const [tokens] = useState(() => new TokenStore(window.localStorage));
  const [api] = useState(() => createApi(tokens));
  const [queryClient] = useState(createQueryClient);
  return (
    <Providers api={api} tokens={tokens} queryClient={queryClient}>
      <SocketProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </SocketProvider>
    </Providers>
  );
}
