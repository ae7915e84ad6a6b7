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
import { fakeServer, json, problem, type FakeServer, type Handler } from "./fakeServer";
import { config, studentUser } from "./fixtures";

interface Options {
  /** The page the app opens on. */
  route?: string;
  /** Answers of the fake platform, by "METHOD /path"; config, me and the badge have defaults. */
  routes?: Record<string, Handler>;
  signedIn?: boolean;
  lang?: Lang;
  /**
   * Multipart requests go straight to their handler and are kept in `uploads` with their parsed
   * form data, instead of reaching the fake server (which records such a body as text only).
   */
  keepUploads?: boolean;
}

/** A multipart request, kept with its parsed form data. */
export interface Upload {
  method: string;
  path: string;
  contentType: string;
  form: FormData;
}

/** Renders the whole app (or one component inside its providers) against a fake platform. */
export function renderApp(ui: ReactElement | null, options: Options = {}) {
  const { route = "/", routes = {}, signedIn = true, lang, keepUploads = false } = options;
  const tokens = new TokenStore(window.localStorage);
  if (signedIn) tokens.save({ access_token: "access-1", refresh_token: "refresh-1" });
  const all: Record<string, Handler> = {
    "GET /api/v1/config": () => json(config),
    "GET /api/v1/auth/me": () => json({ user: studentUser, profile: null }),
    "GET /api/v1/notifications": () => json({ items: [], total: 0, limit: 1, offset: 0, unread_count: 0 }),
    ...routes,
  };
  const server = fakeServer(all);
  const uploads: Upload[] = [];
  const send = async (request: Request): Promise<Response> => {
    const contentType = request.headers.get("Content-Type") ?? "";
    if (!keepUploads || !contentType.startsWith("multipart/form-data")) return server.fetch(request);
    const path = new URL(request.url).pathname;
    uploads.push({ method: request.method, path, contentType, form: await request.clone().formData() });
    const handler = all[`${request.method} ${path}`];
    return handler ? handler(request) : problem(404, `no fake for ${request.method} ${path}`);
  };
  const api = createApi(tokens, { baseUrl: "http://thebot.test", fetch: send });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const view = render(
    <Providers api={api} tokens={tokens} queryClient={queryClient} lang={lang}>
      <MemoryRouter initialEntries={[route]}>{ui ?? <AppRoutes />}</MemoryRouter>
    </Providers>,
  );
  return { ...view, server, uploads, tokens, queryClient, user: userEvent.setup() };
}

/** The requests of one method and path that reached the fake platform, with their JSON bodies. */
export function bodiesOf(server: FakeServer, method: string, path: string): unknown[] {
  return server.calls.filter((call) => call.method === method && call.path === path).map((call) => call.body);
}

/** Types a text into a field at once (pasting is much faster than typing each key). */
export async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

/** Text with the narrow and non-breaking spaces Intl puts in numbers made plain. */
export function plain(text: string | null | undefined): string {
  return (text ?? "").replace(/[\u00a0\u202f]/g, " ");
}
