import { screen } from "@testing-library/react";
import { expect, test } from "vitest";
import { STORAGE_KEY } from "../i18n/I18nProvider";
import { renderApp } from "../test/render";

test("the language switch changes every string, the page's lang and is remembered", async () => {
  const { user } = renderApp(null, { route: "/login", signedIn: false });
  expect(screen.getByRole("heading", { level: 1, name: "Вход" })).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Русский" })).toHaveAttribute("aria-pressed", "true");
  expect(document.documentElement.lang).toBe("ru");

  await user.click(screen.getByRole("button", { name: "English" }));

  expect(screen.getByRole("heading", { level: 1, name: "Sign in" })).toBeInTheDocument();
  expect(screen.getByLabelText("Email")).toBeInTheDocument();
  expect(screen.getByLabelText("Password")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Skip to content" })).toHaveAttribute("href", "#main");
  expect(screen.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
  expect(document.documentElement.lang).toBe("en");
  expect(window.localStorage.getItem(STORAGE_KEY)).toBe("en");
});

test("a stored choice of English is used from the start", () => {
  window.localStorage.setItem(STORAGE_KEY, "en");

  renderApp(null, { route: "/no/such/page", signedIn: false });

  expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
  expect(document.documentElement.lang).toBe("en");
});
