import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { createApi } from "../api/client";
import { TokenStore } from "../api/tokens";
import { Providers } from "../App";
import type { Lang } from "../i18n/I18nProvider";
import { AppRoutes } from "../routes";
import { fakeServer, json, type Handler } from "./fakeServer";
import { config, studentUser } from "./fixtures";

interface Options {
  /** The page the app opens on. */
  route?: string;
  /** Answers of the fake platform, by "METHOD /path"; config, me and the badge have defaults. */
  routes?: Record<string, Handler>;
  signedIn?: boolean;
  lang?: Lang;
}

/** Renders the whole app (or one component inside its providers) against a fake platform. */
export function renderApp(ui: ReactElement | null, options: Options = {}) {
  const { route = "/", routes = {}, signedIn = true, lang } = options;
  const tokens = new TokenStore(window.localStorage);
  if (signedIn) tokens.save({ access_token: "access-1", refresh_token: "refresh-1" });
  const server = fakeServer({
    "GET /api/v1/config": () => json(config),
    "GET /api/v1/auth/me": () => json({ user: studentUser, profile: null }),
    "GET /api/v1/notifications": () => json({ items: [], total: 0, limit: 1, offset: 0, unread_count: 0 }),
    ...routes,
  });
  const api = createApi(tokens, { baseUrl: "http://thebot.test", fetch: server.fetch });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const view = render(
    <Providers api={api} tokens={tokens} queryClient={queryClient} lang={lang}>
      <MemoryRouter initialEntries={[route]}>{ui ?? <AppRoutes />}</MemoryRouter>
    </Providers>,
  );
  return { ...view, server, tokens, queryClient, user: userEvent.setup() };
}

/** Text with the narrow and non-breaking spaces Intl puts in numbers made plain. */
export function plain(text: string | null | undefined): string {
  return (text ?? "").replace(/[\u00a0\u202f]/g, " ");
}
