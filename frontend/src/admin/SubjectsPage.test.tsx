import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { json, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { renderApp } from "../test/render";
import { asAdmin, subjects } from "./adminFixtures";

const mathPath = `/api/v1/subjects/${ids.mathSubject}`;

test("subjects are added, renamed, and one in use is not deleted (the platform says why)", async () => {
  let list = subjects;
  const { user, server } = renderApp(null, {
    route: "/admin/subjects",
    routes: {
      ...asAdmin,
      "GET /api/v1/subjects": () => json(list),
      "POST /api/v1/subjects": () =>
        problem(400, "Some fields are not valid.", {
          errors: [{ field: "name", message: "must be 1 to 100 characters" }],
        }),
      [`PATCH ${mathPath}`]: () => {
        list = [{ ...subjects[0]!, name: "Алгебра" }, subjects[1]!];
        return json(list[0]);
      },
      [`DELETE ${mathPath}`]: () =>
        problem(409, "The subject is in use by enrollments, materials or homework."),
    },
  });

  expect(await screen.findByRole("heading", { level: 1, name: "Предметы" })).toBeInTheDocument();
  const all = await screen.findByRole("region", { name: "Все предметы" });
  expect(within(all).getByText("Mathematics")).toBeInTheDocument();

  const adding = screen.getByRole("form", { name: "Новый предмет" });
  await user.type(within(adding).getByLabelText("Описание"), "Химия для 8–11 классов");
  await user.click(within(adding).getByRole("button", { name: "Добавить предмет" }));
  const name = within(adding).getByLabelText("Название (обязательно)");
  expect(await within(adding).findByText("must be 1 to 100 characters")).toBeInTheDocument();
  expect(name).toHaveAttribute("aria-invalid", "true");
  expect(within(adding).getByLabelText("Описание")).toHaveValue("Химия для 8–11 классов");

  await user.click(within(all).getByRole("button", { name: "Изменить: Mathematics" }));
  const editing = screen.getByRole("form", { name: "Изменение предмета Mathematics" });
  const newName = within(editing).getByLabelText("Название (обязательно)");
  expect(newName).toHaveFocus();
  await user.clear(newName);
  await user.type(newName, "Алгебра");
  await user.click(within(editing).getByRole("button", { name: "Сохранить" }));
  expect(await within(all).findByText("Алгебра")).toBeInTheDocument();
  expect(screen.getByText("Предмет сохранён.")).toBeInTheDocument();

  await user.click(within(all).getByRole("button", { name: "Удалить: Алгебра" }));
  await user.click(within(all).getByRole("button", { name: "Да, удалить" }));
  expect(
    await within(all).findByText("The subject is in use by enrollments, materials or homework."),
  ).toBeInTheDocument();
  expect(within(all).getByText("Алгебра")).toBeInTheDocument();

  const changes = server.calls.filter((call) => call.method !== "GET");
  expect(changes.map((call) => [call.method, call.path, call.body])).toEqual([
    ["POST", "/api/v1/subjects", { name: "", description: "Химия для 8–11 классов", color: "#4F46E5" }],
    ["PATCH", mathPath, { name: "Алгебра", description: "Алгебра", color: "#2563EB" }],
    ["DELETE", mathPath, undefined],
  ]);
}, 20_000);
