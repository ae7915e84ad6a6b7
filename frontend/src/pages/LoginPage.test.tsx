import { screen } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { json, problem } from "../test/fakeServer";
import { studentDashboard, studentUser } from "../test/fixtures";
import { renderApp } from "../test/render";

const tokens = {
  access_token: "access-2",
  refresh_token: "refresh-2",
  token_type: "bearer",
  expires_in: 900,
};

async function signIn(user: ReturnType<typeof renderApp>["user"]) {
  await user.type(screen.getByLabelText("Электронная почта"), "masha.ivanova@demo.thebot.local");
  await user.type(screen.getByLabelText("Пароль"), "demo-pass-2026");
  await user.click(screen.getByRole("button", { name: "Войти" }));
}

describe("the sign-in form", () => {
  test("shows the server's problem detail next to the form", async () => {
    const { user } = renderApp(null, {
      route: "/login",
      signedIn: false,
      routes: { "POST /api/v1/auth/login": () => problem(401, "The email or the password is wrong.") },
    });

    await signIn(user);

    const alert = await screen.findByText("The email or the password is wrong.");
    expect(alert.closest("[role=alert]")).not.toBeNull();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Вход");
  });

  test("after too many attempts says when to try again (Retry-After)", async () => {
    const { user } = renderApp(null, {
      route: "/login",
      signedIn: false,
      routes: {
        "POST /api/v1/auth/login": () =>
          problem(429, "Too many failed sign-ins.", {}, { "Retry-After": "120" }),
      },
    });

    await signIn(user);

    expect(await screen.findByText("Too many failed sign-ins.")).toBeInTheDocument();
    expect(screen.getByText("Попробуйте снова через 120 с.")).toBeInTheDocument();
  });

  test("signs in, keeps the tokens and opens the role's dashboard", async () => {
    const {
      user,
      server,
      tokens: store,
    } = renderApp(null, {
      route: "/login",
      signedIn: false,
      routes: {
        "POST /api/v1/auth/login": () => json({ ...tokens, user: studentUser }),
        "GET /api/v1/dashboard/student": () => json(studentDashboard),
      },
    });

    await signIn(user);

    expect(await screen.findByRole("heading", { level: 1, name: "Кабинет ученика" })).toBeInTheDocument();
    expect(store.access).toBe("access-2");
    expect(store.refresh).toBe("refresh-2");
    const login = server.calls.find((call) => call.path === "/api/v1/auth/login");
    expect(login?.body).toEqual({ email: "masha.ivanova@demo.thebot.local", password: "demo-pass-2026" });
    expect(login?.authorization).toBeNull();
  });

  test("a one-time password leads to the password change first", async () => {
    const { user } = renderApp(null, {
      route: "/login",
      signedIn: false,
      routes: {
        "POST /api/v1/auth/login": () =>
          json({ ...tokens, user: { ...studentUser, must_change_password: true } }),
      },
    });

    await signIn(user);

    expect(await screen.findByRole("heading", { level: 1, name: "Смена пароля" })).toBeInTheDocument();
  });
});
