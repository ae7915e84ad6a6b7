import { screen } from "@testing-library/react";
import { expect, test } from "vitest";
import { json, problem } from "../test/fakeServer";
import { studentUser } from "../test/fixtures";
import { renderApp } from "../test/render";

test("the server's field errors are shown next to their fields", async () => {
  const { user, server } = renderApp(null, {
    route: "/dashboard/student",
    routes: {
      "GET /api/v1/auth/me": () =>
        json({ user: { ...studentUser, must_change_password: true }, profile: null }),
      "POST /api/v1/auth/password": () =>
        problem(400, "The request is not valid.", {
          errors: [
            { field: "current_password", message: "is not your current password" },
            { field: "new_password", message: "is too common" },
          ],
        }),
    },
  });

  expect(await screen.findByRole("heading", { level: 1, name: "Смена пароля" })).toBeInTheDocument();
  await user.type(screen.getByLabelText("Текущий пароль"), "wrong-one");
  await user.type(screen.getByLabelText("Новый пароль"), "password123");
  await user.type(screen.getByLabelText("Новый пароль ещё раз"), "password123");
  await user.click(screen.getByRole("button", { name: "Сменить пароль" }));

  const current = screen.getByLabelText("Текущий пароль");
  expect(await screen.findByText("is not your current password")).toBeInTheDocument();
  expect(current).toHaveAccessibleDescription("is not your current password");
  expect(current).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByLabelText("Новый пароль")).toHaveAccessibleDescription("is too common");
  expect(server.calls.find((call) => call.path === "/api/v1/auth/password")?.body).toEqual({
    current_password: "wrong-one",
    new_password: "password123",
  });
});

test("two different new passwords are caught before asking the server", async () => {
  const { user, server } = renderApp(null, { route: "/password" });

  await screen.findByRole("heading", { level: 1, name: "Смена пароля" });
  await user.type(screen.getByLabelText("Текущий пароль"), "demo-pass-2026");
  await user.type(screen.getByLabelText("Новый пароль"), "a-new-password-1");
  await user.type(screen.getByLabelText("Новый пароль ещё раз"), "a-new-password-2");
  await user.click(screen.getByRole("button", { name: "Сменить пароль" }));

  expect(screen.getByLabelText("Новый пароль ещё раз")).toHaveAccessibleDescription("Пароли не совпадают.");
  expect(server.calls.some((call) => call.path === "/api/v1/auth/password")).toBe(false);
});
