import { screen, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import type { components } from "../api/schema";
import { adminUser } from "../test/accounts";
import { json, page } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { renderApp } from "../test/render";
import { asAdmin, student } from "./adminFixtures";

type Entry = components["schemas"]["AuditEntryOut"];

const entry = (n: number, extra: Partial<Entry> = {}): Entry => ({
  id: `0190f3f4-0000-7000-8000-${String(900 + n).padStart(12, "0")}`,
  actor_id: adminUser.id,
  actor_name: adminUser.full_name,
  action: "user.updated",
  target_id: student.user.id,
  target_name: student.user.full_name,
  changes: { grade: [8, 9] },
  created_at: "2026-11-26T09:30:00Z",
  ...extra,
});

test("the audit log is read a page at a time, newest first as the platform gives it", async () => {
  const first = [
    entry(1, { action: "student.parent_assigned", changes: { parent_id: [null, ids.olga] } }),
    entry(2, { action: "user.created", changes: { role: "student", email: "kolya@school.test" } }),
    entry(3, {
      action: "payment.refunded",
      target_id: ids.payment,
      target_name: null,
      changes: { amount: "12000.00" },
    }),
    entry(4, { action: "something.new", actor_id: null, actor_name: null, changes: {} }),
  ];
  const { user, server } = renderApp(null, {
    route: "/admin/audit",
    routes: {
      ...asAdmin,
      "GET /api/v1/admin/audit": (request) => {
        const offset = Number(new URL(request.url).searchParams.get("offset"));
        return json(page(offset === 0 ? first : [entry(5)], 30, offset, 25));
      },
    },
  });

  expect(await screen.findByRole("heading", { level: 1, name: "Журнал действий" })).toBeInTheDocument();
  const rows = (await screen.findAllByRole("row")).slice(1);
  expect(rows).toHaveLength(4);
  const [assigned, created, refunded, unknown] = rows as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
  expect(assigned).toHaveTextContent("26 нояб. 2026 г., 12:30");
  expect(assigned).toHaveTextContent("Ирина Соколова");
  expect(assigned).toHaveTextContent("назначен родитель");
  expect(assigned).toHaveTextContent(`Родитель: — → ${ids.olga}`);
  expect(within(assigned).getByRole("link", { name: "Маша Иванова" })).toHaveAttribute(
    "href",
    `/admin/users/${student.user.id}`,
  );
  expect(created).toHaveTextContent("создан пользователь");
  expect(created).toHaveTextContent("Роль: ученик");
  expect(created).toHaveTextContent("Электронная почта: kolya@school.test");
  expect(refunded).toHaveTextContent("возвращён платёж");
  expect(refunded).toHaveTextContent(ids.payment);
  expect(within(refunded).queryByRole("link")).toBeNull();
  expect(unknown).toHaveTextContent("система");
  expect(unknown).toHaveTextContent("something.new");

  await user.click(screen.getByRole("button", { name: "Вперёд" }));
  expect(await screen.findByText("26–30 из 30")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Вперёд" })).toBeDisabled();
  await user.click(screen.getByRole("button", { name: "Назад" }));
  await screen.findByText("1–25 из 30");
  const asked = server.calls.filter((call) => call.path === "/api/v1/admin/audit").map((call) => call.search);
  expect(asked.slice(0, 2)).toEqual(["?limit=25&offset=0", "?limit=25&offset=25"]);
}, 20_000);

test("the log of one user is asked for by its target", async () => {
  const { server } = renderApp(null, {
    route: `/admin/audit?target_id=${student.user.id}`,
    routes: { ...asAdmin, "GET /api/v1/admin/audit": () => json(page([], 0, 0, 25)) },
  });
  expect(await screen.findByText("Записей нет.")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Показать все" })).toHaveAttribute("href", "/admin/audit");
  await vi.waitFor(() =>
    expect(server.calls.find((call) => call.path === "/api/v1/admin/audit")?.search).toBe(
      `?target_id=${student.user.id}&limit=25&offset=0`,
    ),
  );
});
