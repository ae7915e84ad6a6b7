import { screen } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { json, problem } from "../test/fakeServer";
import { parentUser } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { payment } from "./paymentFixtures";

const asParent = { "GET /api/v1/auth/me": () => json({ user: parentUser, profile: null }) };
const path = `/api/v1/payments/${payment.id}`;

afterEach(() => vi.restoreAllMocks());

test("the return page shows the outcome, the payment and every status change", async () => {
  renderApp(null, {
    route: `/payments/${payment.id}`,
    routes: { ...asParent, [`GET ${path}`]: () => json(payment) },
  });

  expect(await screen.findByRole("heading", { level: 1, name: "Платёж: Mathematics" })).toBeInTheDocument();
  expect(screen.getByRole("status")).toHaveTextContent("Оплата прошла. Спасибо!");
  const facts = plain(document.querySelector(".facts")?.textContent);
  expect(facts).toContain("Сумма12 000,00 ₽");
  expect(facts).toContain("Период21 нояб. – 18 дек. 2026 г.");
  expect(facts).toContain("Статусоплачен");
  const changes = plain(
    screen.getByRole("heading", { name: "Изменения статуса" }).parentElement?.textContent,
  );
  expect(changes).toContain("ожидает · платёж создан");
  expect(changes).toContain("оплачен · тестовая оплата");
  expect(screen.getByRole("link", { name: "Все платежи" })).toHaveAttribute("href", "/payments");
  expect(screen.queryByRole("button", { name: "Вернуть платёж" })).toBeNull();
});

test("while the provider has not decided, the page asks again until it has", async () => {
  let reads = 0;
  renderApp(null, {
    route: `/payments/${payment.id}`,
    routes: {
      ...asParent,
      [`GET ${path}`]: () => {
        reads += 1;
        if (reads === 1)
          return json({
            ...payment,
            status: "pending",
            paid_at: null,
            confirmation_url: "http://pay.test/p/1",
          });
        return json(payment);
      },
    },
  });

  expect(await screen.findByText("Платёж ожидает подтверждения платёжной системы.")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Продолжить оплату" })).toHaveAttribute(
    "href",
    "http://pay.test/p/1",
  );
  expect(await screen.findByText("Оплата прошла. Спасибо!", {}, { timeout: 4000 })).toBeInTheDocument();
  expect(reads).toBe(2);
  expect(screen.queryByRole("link", { name: "Продолжить оплату" })).toBeNull();
});

test("someone else's or a missing payment is not found", async () => {
  renderApp(null, {
    route: `/payments/${payment.id}`,
    routes: { ...asParent, [`GET ${path}`]: () => problem(404, "No such payment.") },
  });
  expect(await screen.findByRole("alert")).toHaveTextContent("Такого платежа нет или он не ваш.");
});

test("an administrator refunds a succeeded payment after confirming", async () => {
  const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
  const admin = { ...parentUser, role: "admin" as const };
  const { user, server } = renderApp(null, {
    route: `/payments/${payment.id}`,
    routes: {
      "GET /api/v1/auth/me": () => json({ user: admin, profile: null }),
      [`GET ${path}`]: () => json(payment),
      [`POST ${path}/refund`]: () => problem(409, "Only a succeeded payment can be refunded."),
    },
  });
  await user.click(await screen.findByRole("button", { name: "Вернуть платёж" }));
  expect(confirm).toHaveBeenCalledOnce();
  expect(await screen.findByRole("alert")).toHaveTextContent("Only a succeeded payment can be refunded.");
  expect(server.calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([
    `${path}/refund`,
  ]);
});
