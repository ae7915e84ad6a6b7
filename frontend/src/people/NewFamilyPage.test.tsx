import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { signedInAs, tutorUser } from "../test/accounts";
import { json, page, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { renderApp } from "../test/render";
import { credentials, olga, peopleIds } from "./peopleFixtures";

const student = {
  user: {
    ...olga.user,
    id: peopleIds.newStudent,
    role: "student" as const,
    email: "kolya@example.org",
    first_name: "Коля",
    last_name: "Петров",
    full_name: "Коля Петров",
  },
  profile: null,
  credentials: credentials("kolya@example.org", "Stud3ntPassw0rdX"),
};
const parent = {
  user: { ...olga.user, email: "irina@example.org", full_name: "Ирина Петрова" },
  profile: null,
};
const routes = {
  ...signedInAs(tutorUser),
  "GET /api/v1/admin/users": () => json(page([olga])),
};

async function fillStudent(user: ReturnType<typeof renderApp>["user"]) {
  const group = await screen.findByRole("group", { name: "Ученик" });
  await user.type(within(group).getByLabelText("Имя"), "Коля");
  await user.type(within(group).getByLabelText("Фамилия"), "Петров");
  await user.type(within(group).getByLabelText("Электронная почта"), "kolya@example.org");
  await user.type(within(group).getByLabelText("Класс"), "7");
  await user.type(within(group).getByLabelText("Цель занятий"), "ОГЭ");
}

test("a tutor onboards a student with a new parent and sees both logins once", async () => {
  const { user, server } = renderApp(null, {
    route: "/students/new",
    routes: {
      ...routes,
      "POST /api/v1/admin/families": () =>
        json(
          { student, parent, parent_credentials: credentials("irina@example.org", "Par3ntPassw0rdXY") },
          201,
        ),
    },
  });
  await fillStudent(user);
  const parentGroup = screen.getByRole("group", { name: "Родитель" });
  await user.type(within(parentGroup).getByLabelText("Имя"), "Ирина");
  await user.type(within(parentGroup).getByLabelText("Фамилия"), "Петрова");
  await user.type(within(parentGroup).getByLabelText("Электронная почта"), "irina@example.org");
  await user.type(within(parentGroup).getByLabelText("Телефон"), "+79001234567");
  await user.click(screen.getByRole("button", { name: "Добавить ученика и родителя" }));

  expect(
    await screen.findByRole("heading", { name: "Добавлены: Коля Петров и Ирина Петрова" }),
  ).toHaveFocus();
  expect(server.calls.find((call) => call.method === "POST")?.body).toEqual({
    student: { first_name: "Коля", last_name: "Петров", email: "kolya@example.org", grade: 7, goal: "ОГЭ" },
    parent: { first_name: "Ирина", last_name: "Петрова", email: "irina@example.org", phone: "+79001234567" },
  });
  const studentLogin = screen.getByRole("alert", { name: "Данные для входа: Коля Петров" });
  expect(within(studentLogin).getByLabelText("Пароль")).toHaveValue("Stud3ntPassw0rdX");
  expect(studentLogin).toHaveTextContent("больше они показаны не будут");
  const parentLogin = screen.getByRole("alert", { name: "Данные для входа: Ирина Петрова" });
  expect(within(parentLogin).getByLabelText("Логин")).toHaveValue("irina@example.org");
  expect(within(parentLogin).getByLabelText("Пароль")).toHaveValue("Par3ntPassw0rdXY");
  expect(screen.getByRole("link", { name: "Открыть карточку ученика" })).toHaveAttribute(
    "href",
    `/students/${peopleIds.newStudent}`,
  );

  // Once shown, they are gone: the next family starts from an empty form.
  await user.click(screen.getByRole("button", { name: "Добавить ещё одну семью" }));
  expect(screen.queryByRole("alert", { name: /Данные для входа/ })).toBeNull();
  expect(screen.queryByDisplayValue("Stud3ntPassw0rdX")).toBeNull();
  expect(within(screen.getByRole("group", { name: "Ученик" })).getByLabelText("Имя")).toHaveValue("");
}, 20_000);

test("a field the platform refuses is marked, and nothing typed is lost", async () => {
  const { user } = renderApp(null, {
    route: "/students/new",
    routes: {
      ...routes,
      "POST /api/v1/admin/families": () =>
        problem(400, "Some fields are not valid.", {
          errors: [{ field: "student.email", message: "this email is already taken" }],
        }),
    },
  });
  await fillStudent(user);
  await user.click(screen.getByRole("radio", { name: "Родитель уже есть в школе" }));
  await user.selectOptions(
    await screen.findByLabelText("Родитель"),
    "Ольга Иванова (olga.ivanova@demo.thebot.local)",
  );
  await user.click(screen.getByRole("button", { name: "Добавить ученика и родителя" }));

  const email = within(screen.getByRole("group", { name: "Ученик" })).getByLabelText("Электронная почта");
  expect(await screen.findByText("this email is already taken")).toBeInTheDocument();
  expect(email).toHaveAttribute("aria-invalid", "true");
  expect(email).toHaveAccessibleDescription("this email is already taken");
  expect(email).toHaveFocus();
  expect(email).toHaveValue("kolya@example.org");
  expect(screen.getByLabelText("Класс")).toHaveValue(7);
  expect(screen.getAllByRole("alert")[0]).toHaveTextContent("Some fields are not valid.");
}, 20_000);

test("with an existing parent only the student's login is new", async () => {
  const { user, server } = renderApp(null, {
    route: "/students/new",
    routes: {
      ...routes,
      "POST /api/v1/admin/families": () => json({ student, parent: olga, parent_credentials: null }, 201),
    },
  });
  await fillStudent(user);
  await user.click(screen.getByRole("radio", { name: "Родитель уже есть в школе" }));
  await user.selectOptions(await screen.findByLabelText("Родитель"), ids.olga);
  await user.click(screen.getByRole("button", { name: "Добавить ученика и родителя" }));

  expect(
    await screen.findByText("Ольга Иванова уже был(а) в школе: новый пароль не создавался."),
  ).toBeVisible();
  expect(screen.getAllByRole("alert", { name: /Данные для входа/ })).toHaveLength(1);
  expect(server.calls.find((call) => call.method === "POST")?.body).toEqual({
    student: { first_name: "Коля", last_name: "Петров", email: "kolya@example.org", grade: 7, goal: "ОГЭ" },
    parent_id: ids.olga,
  });
}, 20_000);
