import createClient from "openapi-fetch";
import type { paths } from "./schema";
import type { TokenPair, TokenStore } from "./tokens";

export type Api = ReturnType<typeof createClient<paths>>;
type Send = (request: Request) => Promise<Response>;

const REFRESH_PATH = "/api/v1/auth/refresh";
// Calls that must never carry a bearer token or trigger a refresh.
const TOKENLESS = new Set(["/api/v1/auth/login", REFRESH_PATH]);

interface ApiOptions {
  /** The platform's origin; the page's own origin unless a test says otherwise. */
  baseUrl?: string;
  fetch?: Send;
}

/**
 * The typed client of the platform's API. Every call carries the access token; a 401 is
 * answered by one refresh (shared by the calls that failed together) and one retry. When the
 * platform refuses the refresh, the tokens are dropped, which signs the user out.
 */
export function createApi(tokens: TokenStore, options: ApiOptions = {}): Api {
  const baseUrl = options.baseUrl ?? window.location.origin;
  const send: Send = options.fetch ?? ((request) => globalThis.fetch(request));
  let refreshing: Promise<boolean> | null = null;

  async function refresh(): Promise<boolean> {
    const refreshToken = tokens.refresh;
    if (refreshToken === null) return false;
    const response = await send(
      new Request(baseUrl + REFRESH_PATH, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: refreshToken }),
      }),
    );
    if (!response.ok) return false;
    tokens.save((await response.json()) as TokenPair);
    return true;
  }

  function refreshOnce(): Promise<boolean> {
    refreshing ??= refresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function authorised(request: Request): Promise<Response> {
    if (TOKENLESS.has(new URL(request.url).pathname)) return send(request);
    const retry = request.clone();
    const used = tokens.access;
    if (used !== null) request.headers.set("Authorization", `Bearer ${used}`);
    const response = await send(request);
    if (response.status !== 401 || !tokens.signedIn) return response;
    // Another call may have refreshed meanwhile: then its new token is tried first.
    const renewed = (tokens.access !== used && tokens.access !== null) || (await refreshOnce());
    if (!renewed) {
      tokens.clear();
      return response;
    }
    retry.headers.set("Authorization", `Bearer ${tokens.access ?? ""}`);
    return send(retry);
  }

  return createClient<paths>({ baseUrl, fetch: authorised });
}
