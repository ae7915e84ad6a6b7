import { describe, expect, test } from "vitest";
import { fakeServer, json, problem } from "../test/fakeServer";
import { createApi } from "./client";
import { ApiError, unwrap } from "./problem";
import { TokenStore } from "./tokens";

function signedIn() {
  const tokens = new TokenStore(window.localStorage);
  tokens.save({ access_token: "old-access", refresh_token: "old-refresh" });
  return tokens;
}

const fresh = {
  access_token: "new-access",
  refresh_token: "new-refresh",
  token_type: "bearer",
  expires_in: 900,
};

describe("the API client", () => {
  test("sends the bearer token with every call", async () => {
    const tokens = signedIn();
    const server = fakeServer({ "GET /api/v1/auth/me": () => json({ user: {}, profile: null }) });
    const api = createApi(tokens, { baseUrl: "http://thebot.test", fetch: server.fetch });

    await unwrap(api.GET("/api/v1/auth/me"));

    expect(server.calls[0]?.authorization).toBe("Bearer old-access");
  });

  test("on 401 refreshes once, keeps the new pair and retries", async () => {
    const tokens = signedIn();
    const server = fakeServer({
      "GET /api/v1/auth/me": (request) =>
        request.headers.get("Authorization") === "Bearer new-access"
          ? json({ user: { id: "me" }, profile: null })
          : problem(401, "The access token has expired."),
      "POST /api/v1/auth/refresh": () => json(fresh),
    });
    const api = createApi(tokens, { baseUrl: "http://thebot.test", fetch: server.fetch });

    const [first, second] = await Promise.all([
      unwrap(api.GET("/api/v1/auth/me")),
      unwrap(api.GET("/api/v1/auth/me")),
    ]);

    expect(first.user.id).toBe("me");
    expect(second.user.id).toBe("me");
    const refreshes = server.calls.filter((call) => call.path === "/api/v1/auth/refresh");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.body).toEqual({ refresh_token: "old-refresh" });
    expect(refreshes[0]?.authorization).toBeNull();
    expect(tokens.access).toBe("new-access");
    expect(tokens.refresh).toBe("new-refresh");
  });

  test("when the refresh is refused the tokens are dropped (back to sign-in)", async () => {
    const tokens = signedIn();
    let changes = 0;
    tokens.subscribe(() => changes++);
    const server = fakeServer({
      "GET /api/v1/auth/me": () => problem(401, "The access token has expired."),
      "POST /api/v1/auth/refresh": () => problem(401, "This sign-in has ended."),
    });
    const api = createApi(tokens, { baseUrl: "http://thebot.test", fetch: server.fetch });

    const failure = await unwrap(api.GET("/api/v1/auth/me")).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).problem.status).toBe(401);
    expect(tokens.signedIn).toBe(false);
    expect(tokens.access).toBeNull();
    expect(changes).toBe(1);
  });
});
