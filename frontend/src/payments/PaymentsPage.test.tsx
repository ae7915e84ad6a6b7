import { screen, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { json, problem } from "../test/fakeServer";
import { parentUser } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { leave } from "./DueList";
import { dueMath, payment } from "./paymentFixtures";

const asParent = { "GET /api/v1/auth/me": () => json({ user: parentUser, profile: null }) };
const history =
  (items = [payment]) =>
  () =>
    json({ items, total: items.length, limit: 20, offset: 0 });

afterEach(() => vi.restoreAllMocks());

test("a parent sees what is due per child and pays: one key per intent, the provider's page next", async () => {
  const go = vi.spyOn(leave, "to").mockImplementation(() => {});
  const keys: (string | null)[] = [];
  let attempts = 0;
  const { user, server } = renderApp(null, {
    route: "/payments",
    routes: {
      ...asParent,
      "GET /api/v1/payments/due": () => json([dueMath]),
      "GET /api/v1/payments": history([]),
      "POST /api/v1/payments": (request) => {
        keys.push(request.headers.get("Idempotency-Key"));
        attempts += 1;
        if (attempts === 1) return problem(503, "The payment service did not answer. Try again.");
        return json(
          { payment: { ...payment, status: "pending" }, confirmation_url: "http://pay.test/p/1" },
          201,
        );
      },
    },
  });

  const item = await screen.findByText("Mathematics");
  const row = item.closest("li") as HTMLElement;
  expect(plain(row.textContent)).toContain("Маша Иванова · Анна Смирнова");
  expect(plain(row.textContent)).toContain(
    "просрочено · оплачено до 20 нояб. 2026 г. · 12 000,00 ₽ за 4 нед.",
  );
  expect(screen.getByText("Платежей пока нет.")).toBeInTheDocument();

  const pay = within(row).getByRole("button", {
    name: /^Оплатить 12.000,00.₽: Mathematics, Маша Иванова$/,
  });
  await user.click(pay);
  expect(await within(row).findByRole("alert")).toHaveTextContent("The payment service did not answer.");
  expect(go).not.toHaveBeenCalled();

  await user.click(pay);
  await vi.waitFor(() => expect(go).toHaveBeenCalledWith("http://pay.test/p/1"));
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  expect(keys[1]).toBe(keys[0]);
  const posts = server.calls.filter((call) => call.method === "POST");
  expect(posts.map((call) => call.body)).toEqual([
    { enrollment_id: dueMath.enrollment_id, subscribe: false },
    { enrollment_id: dueMath.enrollment_id, subscribe: false },
  ]);
});

test("paying every period automatically is asked for with the box", async () => {
  vi.spyOn(leave, "to").mockImplementation(() => {});
  const { user, server } = renderApp(null, {
    route: "/payments",
    routes: {
      ...asParent,
      "GET /api/v1/payments/due": () => json([dueMath]),
      "GET /api/v1/payments": history([]),
      "POST /api/v1/payments": () => json({ payment, confirmation_url: "http://pay.test/p/2" }, 201),
    },
  });
  await user.click(await screen.findByLabelText("Оплачивать автоматически каждый период"));
  await user.click(screen.getByRole("button", { name: /^Оплатить 12.000,00.₽: Mathematics/ }));
  await vi.waitFor(() => expect(server.calls.some((c) => c.method === "POST")).toBe(true));
  expect(server.calls.find((c) => c.method === "POST")?.body).toEqual({
    enrollment_id: dueMath.enrollment_id,
    subscribe: true,
  });
});

test("an open payment is resumed, a subject with no price cannot be paid, a subscription can be stopped", async () => {
  vi.spyOn(window, "confirm").mockReturnValue(true);
  const open = {
    ...dueMath,
    state: "awaiting_payment" as const,
    open_payment_id: payment.id,
    confirmation_url: "http://pay.test/p/9",
  };
  const unpriced = {
    ...dueMath,
    enrollment_id: "0190f3f4-0000-7000-8000-0000000000aa",
    subject_name: "Chemistry",
    price_per_period: null,
  };
  const subscribed = {
    ...dueMath,
    enrollment_id: "0190f3f4-0000-7000-8000-0000000000ab",
    subject_name: "Physics",
    state: "paid" as const,
    subscription_id: "0190f3f4-0000-7000-8000-0000000000ac",
  };
  const { user, server } = renderApp(null, {
    route: "/payments",
    routes: {
      ...asParent,
      "GET /api/v1/payments/due": () => json([open, unpriced, subscribed]),
      "GET /api/v1/payments": history(),
      [`DELETE /api/v1/subscriptions/${subscribed.subscription_id}`]: () => json({}),
    },
  });

  const resume = await screen.findByRole("link", { name: "Продолжить оплату" });
  expect(resume).toHaveAttribute("href", "http://pay.test/p/9");
  expect(screen.getAllByRole("link", { name: "Статус платежа" })[0]).toHaveAttribute(
    "href",
    `/payments/${payment.id}`,
  );
  const english = screen.getByText("Chemistry").closest("li") as HTMLElement;
  expect(english).toHaveTextContent("Цена ещё не назначена");
  expect(within(english).queryByRole("button")).toBeNull();

  const physics = screen.getByText("Physics").closest("li") as HTMLElement;
  expect(physics).toHaveTextContent("Автоплатёж включён.");
  expect(within(physics).queryByLabelText("Оплачивать автоматически каждый период")).toBeNull();
  await user.click(within(physics).getByRole("button", { name: "Отключить автоплатёж" }));
  await vi.waitFor(() => expect(server.calls.some((c) => c.method === "DELETE")).toBe(true));

  const made = screen.getByRole("link", { name: /Mathematics · 12.000,00.₽/ });
  expect(made).toHaveAttribute("href", `/payments/${payment.id}`);
  expect(plain(made.closest("li")?.textContent)).toContain("оплачен");
});

test("an administrator sees every payment but nothing to pay", async () => {
  const admin = { ...parentUser, role: "admin" as const };
  renderApp(null, {
    route: "/payments",
    routes: {
      "GET /api/v1/auth/me": () => json({ user: admin, profile: null }),
      "GET /api/v1/payments": history(),
    },
  });
  expect(await screen.findByRole("link", { name: /Mathematics · 12.000,00.₽/ })).toBeInTheDocument();
  expect(screen.queryByRole("heading", { name: "К оплате" })).toBeNull();
});
