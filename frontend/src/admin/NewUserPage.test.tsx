import { screen, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { json, problem } from "../test/fakeServer";
import { renderApp } from "../test/render";
import { asAdmin, student } from "./adminFixtures";

const credentials = { login: "kolya.petrov@school.test", password: "Generated123abc" };
const posts = (calls: { method: string; path: string; body: unknown }[]) =>
  calls
    .filter((call) => call.method === "POST" && call.path === "/api/v1/admin/users")
    .map((call) => call.body);

test("a new student is created with the fields of the role, and the one-time credentials are shown once", async () => {
  const created = {
    user: { ...student.user, id: "0190f3f4-0000-7000-8000-0000000000c1", full_name: "Коля Петров" },
    profile: { ...student.profile },
    credentials,
  };
  const { user, server } = renderApp(null, {
    route: "/admin/users/new",
    routes: { ...asAdmin, "POST /api/v1/admin/users": () => json(created, 201) },
  });

  expect(await screen.findByRole("heading", { level: 1, name: "Новый пользователь" })).toBeInTheDocument();
  expect(screen.getByLabelText("Роль")).toHaveValue("student");
  // Fields of other roles are not offered to a student.
  expect(screen.queryByLabelText(/Специализация/)).toBeNull();
  await user.type(screen.getByLabelText("Имя (обязательно)"), "Коля");
  await user.type(screen.getByLabelText("Фамилия (обязательно)"), "Петров");
  await user.type(screen.getByLabelText("Электронная почта (обязательно)"), " kolya.petrov@school.test ");
  await user.type(screen.getByLabelText("Класс (обязательно)"), "7");
  await user.type(screen.getByLabelText("Цель занятий"), "ОГЭ");
  await user.click(screen.getByRole("button", { name: "Создать пользователя" }));

  expect(await screen.findByText("Пользователь создан: Коля Петров.")).toBeInTheDocument();
  expect(posts(server.calls)).toEqual([
    {
      role: "student",
      first_name: "Коля",
      last_name: "Петров",
      email: "kolya.petrov@school.test",
      grade: 7,
      goal: "ОГЭ",
    },
  ]);
  const shown = screen.getByRole("alert", { name: "Данные для входа: Коля Петров" });
  expect(shown).toHaveTextContent("больше они показаны не будут");
  expect(within(shown).getByLabelText("Логин")).toHaveValue(credentials.login);
  expect(within(shown).getByLabelText("Пароль")).toHaveValue(credentials.password);
  expect(within(shown).getByRole("button", { name: "Скопировать: Пароль" })).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Открыть карточку: Коля Петров" })).toHaveAttribute(
    "href",
    `/admin/users/${created.user.id}`,
  );

  // Once left, they are gone: the next form is empty and shows no password.
  await user.click(screen.getByRole("button", { name: "Добавить ещё одного" }));
  expect(screen.queryByDisplayValue(credentials.password)).toBeNull();
  expect(screen.getByLabelText("Имя (обязательно)")).toHaveValue("");
}, 20_000);

test("a field the platform refuses is marked next to it, and nothing typed is lost", async () => {
  let answer = () =>
    problem(400, "Some fields are not valid.", {
      errors: [{ field: "specialization", message: "is required" }],
    });
  const { user, server } = renderApp(null, {
    route: "/admin/users/new",
    routes: { ...asAdmin, "POST /api/v1/admin/users": () => answer() },
  });

  await user.selectOptions(await screen.findByLabelText("Роль"), "tutor");
  expect(screen.queryByLabelText(/Класс/)).toBeNull();
  await user.type(screen.getByLabelText("Имя (обязательно)"), "Елена");
  await user.type(screen.getByLabelText("Фамилия (обязательно)"), "Кузнецова");
  await user.type(screen.getByLabelText("Электронная почта (обязательно)"), "elena@school.test");
  await user.type(screen.getByLabelText("Опыт, лет"), "six");
  await user.click(screen.getByRole("button", { name: "Создать пользователя" }));

  // A number that is not one is caught before asking the platform.
  const years = screen.getByLabelText("Опыт, лет");
  expect(years).toHaveAttribute("aria-invalid", "true");
  expect(years).toHaveAccessibleDescription("Введите целое число.");
  expect(years).toHaveFocus();
  expect(posts(server.calls)).toHaveLength(0);

  await user.clear(years);
  await user.type(years, "6");
  await user.type(screen.getByLabelText("Пароль"), "my-own-long-pass");
  await user.click(screen.getByRole("button", { name: "Создать пользователя" }));

  const specialization = await screen.findByLabelText("Специализация (обязательно)");
  await vi.waitFor(() => expect(specialization).toHaveAttribute("aria-invalid", "true"));
  expect(specialization).toHaveAccessibleDescription("is required");
  expect(specialization).toHaveFocus();
  expect(posts(server.calls)).toEqual([
    {
      role: "tutor",
      first_name: "Елена",
      last_name: "Кузнецова",
      email: "elena@school.test",
      specialization: "",
      experience_years: 6,
      password: "my-own-long-pass",
    },
  ]);
  expect(screen.getByLabelText("Имя (обязательно)")).toHaveValue("Елена");
  expect(screen.getByLabelText("Пароль")).toHaveValue("my-own-long-pass");

  // A conflict names no field: it is said at the top of the form.
  answer = () => problem(409, "An account with this email already exists.");
  await user.type(specialization, "Экзамены");
  await user.click(screen.getByRole("button", { name: "Создать пользователя" }));
  expect(await screen.findByText("An account with this email already exists.")).toBeInTheDocument();
  expect(screen.getByLabelText("Специализация (обязательно)")).not.toHaveAttribute("aria-invalid");
  expect(screen.queryByRole("alert", { name: /Данные для входа/ })).toBeNull();
}, 20_000);
