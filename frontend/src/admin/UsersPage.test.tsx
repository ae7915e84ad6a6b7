import { screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { expect, test, vi } from "vitest";
import { RequireAuth } from "../auth/RequireAuth";
import { json, page } from "../test/fakeServer";
import { studentUser } from "../test/fixtures";
import { renderApp } from "../test/render";
import { asAdmin, parent, student, tutor } from "./adminFixtures";
import { AuditPage } from "./AuditPage";

const listCalls = (calls: { method: string; path: string; search: string }[]) =>
  calls
    .filter((call) => call.method === "GET" && call.path === "/api/v1/admin/users")
    .map((call) => call.search);

test("the list shows every account with a link to its page, and each filter changes the request", async () => {
  const { user, server } = renderApp(null, {
    route: "/admin",
    routes: { ...asAdmin, "GET /api/v1/admin/users": () => json(page([student, tutor, parent], 45)) },
  });

  expect(await screen.findByRole("heading", { level: 1, name: "Пользователи школы" })).toBeInTheDocument();
  const row = (await screen.findByRole("rowheader", { name: "Маша Иванова" })).closest("tr") as HTMLElement;
  expect(within(row).getByRole("link", { name: "Маша Иванова" })).toHaveAttribute(
    "href",
    `/admin/users/${student.user.id}`,
  );
  expect(within(row).getByRole("cell", { name: "masha.ivanova@demo.thebot.local" })).toBeInTheDocument();
  expect(within(row).getByRole("cell", { name: "ученик" })).toBeInTheDocument();
  expect(screen.getByText("Найдено: 45")).toBeInTheDocument();
  const sections = screen.getByRole("navigation", { name: "Разделы администрирования" });
  expect(within(sections).getByRole("link", { name: "Пользователи", current: "page" })).toHaveAttribute(
    "href",
    "/admin",
  );
  expect(listCalls(server.calls)).toEqual(["?limit=20&offset=0"]);

  const role = screen.getByLabelText("Роль");
  await user.selectOptions(role, "tutor");
  await vi.waitFor(() => expect(listCalls(server.calls)).toHaveLength(2));
  expect(listCalls(server.calls)[1]).toBe("?role=tutor&limit=20&offset=0");
  // The control keeps the focus although the page's address changed.
  expect(role).toHaveFocus();

  await user.selectOptions(screen.getByLabelText("Статус"), "false");
  await vi.waitFor(() => expect(listCalls(server.calls)).toHaveLength(3));
  expect(listCalls(server.calls)[2]).toBe("?role=tutor&is_active=false&limit=20&offset=0");

  await user.type(screen.getByLabelText("Имя или почта"), "Кузн{Enter}");
  await vi.waitFor(() => expect(listCalls(server.calls)).toHaveLength(4));
  expect(decodeURIComponent(listCalls(server.calls)[3] ?? "")).toBe(
    "?role=tutor&is_active=false&q=Кузн&limit=20&offset=0",
  );

  await user.click(screen.getByRole("button", { name: "Вперёд" }));
  await vi.waitFor(() => expect(listCalls(server.calls)).toHaveLength(5));
  expect(decodeURIComponent(listCalls(server.calls)[4] ?? "")).toBe(
    "?role=tutor&is_active=false&q=Кузн&limit=20&offset=20",
  );
  expect(screen.getByRole("button", { name: "Вперёд" })).toHaveFocus();

  // A new filter starts again from the first page.
  await user.selectOptions(screen.getByLabelText("Роль"), "");
  await vi.waitFor(() => expect(listCalls(server.calls)).toHaveLength(6));
  expect(decodeURIComponent(listCalls(server.calls)[5] ?? "")).toBe(
    "?is_active=false&q=Кузн&limit=20&offset=0",
  );
}, 20_000);

test("filters in the address are applied on opening (a reload or a shared link)", async () => {
  const { server } = renderApp(null, {
    route: "/admin?role=parent&active=true&q=olga&offset=40",
    routes: { ...asAdmin, "GET /api/v1/admin/users": () => json(page([parent], 41, 40)) },
  });
  expect(await screen.findByRole("rowheader", { name: "Ольга Иванова" })).toBeInTheDocument();
  expect(listCalls(server.calls)).toEqual(["?role=parent&is_active=true&q=olga&limit=20&offset=40"]);
  expect(screen.getByLabelText("Роль")).toHaveValue("parent");
  expect(screen.getByLabelText("Статус")).toHaveValue("true");
  expect(screen.getByLabelText("Имя или почта")).toHaveValue("olga");
  expect(screen.getByText("41–41 из 41")).toBeInTheDocument();
}, 20_000);

test("someone who is not an administrator is sent to their own home", async () => {
  const { server } = renderApp(
    <Routes>
      <Route element={<RequireAuth />}>
        <Route path="admin/audit" element={<AuditPage />} />
        <Route path="dashboard/student" element={<p>Кабинет ученика</p>} />
      </Route>
    </Routes>,
    {
      route: "/admin/audit",
      routes: { "GET /api/v1/auth/me": () => json({ user: studentUser, profile: null }) },
    },
  );
  expect(await screen.findByText("Кабинет ученика")).toBeInTheDocument();
  expect(screen.queryByRole("navigation", { name: "Разделы администрирования" })).toBeNull();
  expect(server.calls.some((call) => call.path.startsWith("/api/v1/admin"))).toBe(false);
}, 20_000);
