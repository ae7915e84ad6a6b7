import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { adminUser } from "../test/accounts";
import { json, problem, type FakeServer } from "../test/fakeServer";
import { renderApp } from "../test/render";
import { asAdmin, student } from "./adminFixtures";

const userPath = `/api/v1/admin/users/${student.user.id}`;
const changes = (server: FakeServer) =>
  server.calls.filter((call) => call.method !== "GET").map((call) => `${call.method} ${call.path}`);

function openStudent(routes = {}) {
  return renderApp(null, {
    route: `/admin/users/${student.user.id}`,
    routes: {
      ...asAdmin,
      [`GET ${userPath}`]: () => json(student),
      "GET /api/v1/admin/users": () => json({ items: [], total: 0, limit: 50, offset: 0 }),
      ...routes,
    },
  });
}

test("the page shows the account and its profile; a password reset asks first and shows the new credentials once", async () => {
  const credentials = { login: student.user.email, password: "NewGenerated9876" };
  const { user, server } = openStudent({
    [`POST ${userPath}/reset-password`]: () => json({ ...student, credentials }),
  });

  expect(await screen.findByRole("heading", { level: 1, name: "Маша Иванова" })).toBeInTheDocument();
  const facts = document.querySelector(".facts") as HTMLElement;
  expect(facts).toHaveTextContent("Рольученик");
  expect(facts).toHaveTextContent("Класс8");
  expect(facts).toHaveTextContent("Цель занятийСдать ОГЭ");
  expect(screen.getByRole("link", { name: "Журнал действий с этим пользователем" })).toHaveAttribute(
    "href",
    `/admin/audit?target_id=${student.user.id}`,
  );

  await user.click(screen.getByRole("button", { name: "Сбросить пароль" }));
  const ask = screen.getByRole("group", { name: /Сбросить пароль пользователя Маша Иванова\?/ });
  expect(within(ask).getByRole("button", { name: "Да, сбросить пароль" })).toHaveFocus();
  // Saying no sends nothing.
  await user.click(within(ask).getByRole("button", { name: "Нет, не надо" }));
  expect(screen.getByRole("button", { name: "Сбросить пароль" })).toHaveFocus();
  expect(changes(server)).toEqual([]);

  await user.click(screen.getByRole("button", { name: "Сбросить пароль" }));
  await user.click(screen.getByRole("button", { name: "Да, сбросить пароль" }));
  const shown = await screen.findByRole("alert", { name: "Данные для входа: Маша Иванова" });
  expect(within(shown).getByLabelText("Пароль")).toHaveValue("NewGenerated9876");
  expect(shown).toHaveTextContent("больше они показаны не будут");
  expect(changes(server)).toEqual([`POST ${userPath}/reset-password`]);
}, 20_000);

test("deactivating asks first; a refusal shows the platform's detail; an inactive account is activated", async () => {
  let current = student;
  const { user, server } = openStudent({
    [`GET ${userPath}`]: () => json(current),
    [`DELETE ${userPath}`]: () => problem(409, "The school needs at least one active administrator."),
    [`POST ${userPath}/activate`]: () => {
      current = student;
      return json(student);
    },
  });

  await user.click(await screen.findByRole("button", { name: "Деактивировать" }));
  await user.click(screen.getByRole("button", { name: "Да, деактивировать" }));
  expect(await screen.findByText("The school needs at least one active administrator.")).toBeInTheDocument();
  expect(changes(server)).toEqual([`DELETE ${userPath}`]);

  current = { ...student, user: { ...student.user, is_active: false } };
  server.on(`DELETE ${userPath}`, () => new Response(null, { status: 204 }));
  await user.click(screen.getByRole("button", { name: "Деактивировать" }));
  await user.click(screen.getByRole("button", { name: "Да, деактивировать" }));
  expect(await screen.findByText("Пользователь деактивирован.")).toBeInTheDocument();
  const activate = await screen.findByRole("button", { name: "Активировать" });
  expect(screen.queryByRole("button", { name: "Сбросить пароль" })).toBeNull();
  expect(document.querySelector(".facts")).toHaveTextContent("Статусдеактивирован");

  await user.click(activate);
  expect(await screen.findByText("Пользователь снова активен.")).toBeInTheDocument();
  expect(changes(server)).toEqual([`DELETE ${userPath}`, `DELETE ${userPath}`, `POST ${userPath}/activate`]);
}, 20_000);

test("editing sends only what changed and shows a refused field next to it", async () => {
  let answer = () =>
    problem(400, "Some fields are not valid.", {
      errors: [{ field: "phone", message: "must be + and 9 to 15 digits" }],
    });
  let current = student;
  const { user, server } = openStudent({
    [`GET ${userPath}`]: () => json(current),
    [`PATCH ${userPath}`]: () => answer(),
  });

  await user.click(await screen.findByRole("button", { name: "Изменить данные" }));
  const grade = screen.getByLabelText("Класс");
  expect(screen.getByLabelText("Имя")).toHaveFocus();
  await user.clear(grade);
  await user.type(grade, "9");
  await user.type(screen.getByLabelText("Телефон"), "12");
  await user.clear(screen.getByLabelText("Цель занятий"));
  await user.click(screen.getByRole("button", { name: "Сохранить" }));

  const phone = screen.getByLabelText("Телефон");
  await screen.findByText("must be + and 9 to 15 digits");
  expect(phone).toHaveAttribute("aria-invalid", "true");
  expect(phone).toHaveFocus();
  expect(grade).toHaveValue("9");
  const patch = server.calls.find((call) => call.method === "PATCH");
  expect(patch?.body).toEqual({ phone: "12", grade: 9, goal: null });

  answer = () => {
    current = { ...student, user: { ...student.user, phone: "+79001234567" } };
    return json(current);
  };
  await user.clear(phone);
  await user.type(phone, "+79001234567");
  await user.click(screen.getByRole("button", { name: "Сохранить" }));
  expect(await screen.findByText("Изменения сохранены.")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Изменить данные" })).toHaveFocus();
  expect(document.querySelector(".facts")).toHaveTextContent("Телефон+79001234567");
}, 20_000);

test("an administrator's own page: resetting one's own password is refused with the platform's words", async () => {
  const adminPath = `/api/v1/admin/users/${adminUser.id}`;
  const { user } = renderApp(null, {
    route: `/admin/users/${adminUser.id}`,
    routes: {
      ...asAdmin,
      [`GET ${adminPath}`]: () => json({ user: adminUser, profile: null }),
      [`POST ${adminPath}/reset-password`]: () =>
        problem(403, "Change your own password with your current one instead."),
    },
  });
  await user.click(await screen.findByRole("button", { name: "Сбросить пароль" }));
  await user.click(screen.getByRole("button", { name: "Да, сбросить пароль" }));
  const said = await screen.findByText("Change your own password with your current one instead.");
  expect(said.closest('[role="alert"]')).not.toBeNull();
  expect(screen.queryByRole("region", { name: "Куратор и родитель" })).toBeNull();
}, 20_000);
