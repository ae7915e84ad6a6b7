import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { createApi } from "../api/client";
import { TokenStore } from "../api/tokens";
import { Providers } from "../App";
import { AppRoutes } from "../routes";
import { fakeServer, json, problem, type Handler } from "../test/fakeServer";
import { config, studentUser } from "../test/fixtures";

export interface Upload {
  method: string;
  path: string;
  contentType: string;
  form: FormData;
}

/**
 * The whole app against the fake platform, as `renderApp` does, except that multipart requests
 * go straight to their handler and are kept in `uploads` with their parsed form data (the fake
 * server records such a body as its raw text only).
 */
export function renderLearning(route: string, routes: Record<string, Handler>) {
  const tokens = new TokenStore(window.localStorage);
  tokens.save({ access_token: "access-1", refresh_token: "refresh-1" });
  const all: Record<string, Handler> = {
    "GET /api/v1/config": () => json(config),
    "GET /api/v1/auth/me": () => json({ user: studentUser, profile: null }),
    "GET /api/v1/notifications": () => json({ items: [], total: 0, limit: 1, offset: 0, unread_count: 0 }),
    "GET /api/v1/submissions": () => json({ items: [], total: 0, limit: 1, offset: 0 }),
    ...routes,
  };
  const server = fakeServer(all);
  const uploads: Upload[] = [];
  const send = async (request: Request): Promise<Response> => {
    const contentType = request.headers.get("Content-Type") ?? "";
    if (!contentType.startsWith("multipart/form-data")) return server.fetch(request);
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
    <Providers api={api} tokens={tokens} queryClient={queryClient}>
      <MemoryRouter initialEntries={[route]}>
        <AppRoutes />
      </MemoryRouter>
    </Providers>,
  );
  return { ...view, server, uploads, user: userEvent.setup() };
}

/** The requests of one method and path that reached the fake platform, with their JSON bodies. */
export function bodiesOf(server: ReturnType<typeof fakeServer>, method: string, path: string): unknown[] {
  return server.calls.filter((call) => call.method === method && call.path === path).map((call) => call.body);
}

/** Types a text into a field at once (pasting is much faster than typing each key). */
export async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}
