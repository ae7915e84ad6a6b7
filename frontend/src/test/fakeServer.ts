/** A stand-in for the platform: answers "METHOD /path" with canned responses, records calls. */
export type Handler = (request: Request) => Response | Promise<Response>;

export interface FakeServer {
  fetch: (request: Request) => Promise<Response>;
  calls: { method: string; path: string; search: string; body: unknown; authorization: string | null }[];
  on: (route: string, handler: Handler) => void;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/** One page of a list, as the platform's list endpoints answer it. */
export function page<T>(items: T[], total = items.length, offset = 0, limit = 100) {
  return { items, total, limit, offset };
}

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}, headers = {}) {
  return new Response(
    JSON.stringify({ type: "urn:thebot:problem:test", title: "Problem", status, detail, ...extra }),
    { status, headers: { "Content-Type": "application/problem+json", ...headers } },
  );
}

export function fakeServer(routes: Record<string, Handler>): FakeServer {
  const handlers = new Map(Object.entries(routes));
  const calls: FakeServer["calls"] = [];
  return {
    calls,
    on: (route, handler) => handlers.set(route, handler),
    fetch: async (request) => {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      calls.push({
        method: request.method,
        path: url.pathname,
        search: url.search,
        // JSON bodies are recorded parsed; any other (a multipart upload) as its text.
        body: text
          ? request.headers.get("Content-Type")?.includes("json")
            ? JSON.parse(text)
            : text
          : undefined,
        authorization: request.headers.get("Authorization"),
      });
      const handler = handlers.get(`${request.method} ${url.pathname}`);
      if (!handler) return problem(404, `no fake for ${request.method} ${url.pathname}`);
      return handler(request);
    },
  };
}
