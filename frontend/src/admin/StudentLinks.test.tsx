import { screen, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { teacherAccount as teacher } from "../test/accounts";
import { json, page, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { renderApp } from "../test/render";
import { asAdmin, parent, student, subjects, tutor } from "./adminFixtures";

const studentPath = `/api/v1/admin/users/${student.user.id}`;

test("a student's tutor is chosen among active tutors and the parent among parents, each by its own endpoint", async () => {
  const linked = { ...student, profile: { ...student.profile, tutor_id: tutor.user.id } } as typeof student;
  const { user, server } = renderApp(null, {
    route: `/admin/users/${student.user.id}`,
    routes: {
      ...asAdmin,
      [`GET ${studentPath}`]: () => json(linked),
      [`GET /api/v1/admin/users/${tutor.user.id}`]: () => json(tutor),
      "GET /api/v1/admin/users": (request) =>
        json(page(new URL(request.url).searchParams.get("role") === "tutor" ? [tutor] : [parent])),
      [`POST /api/v1/admin/students/${student.user.id}/tutor`]: () => json(linked),
      [`POST /api/v1/admin/parents/${parent.user.id}/children`]: () =>
        problem(409, "The parent's account is deactivated."),
    },
  });

  const links = await screen.findByRole("region", { name: "Куратор и родитель" });
  expect(await within(links).findByRole("link", { name: "Елена Кузнецова" })).toHaveAttribute(
    "href",
    `/admin/users/${tutor.user.id}`,
  );
  expect(links).toHaveTextContent("Сейчас: не назначен");
  const lists = server.calls.filter((call) => call.path === "/api/v1/admin/users").map((call) => call.search);
  expect(lists).toContain("?role=tutor&is_active=true&sort=last_name&limit=50&offset=0");
  expect(lists).toContain("?role=parent&is_active=true&sort=last_name&limit=50&offset=0");

  const assignTutor = within(links).getByRole("button", { name: "Назначить куратора" });
  expect(assignTutor).toBeDisabled();
  await user.selectOptions(await within(links).findByLabelText("Новый куратор"), `${tutor.user.id}`);
  await user.click(assignTutor);
  expect(await within(links).findByText("Куратор назначен: Елена Кузнецова.")).toBeInTheDocument();

  // Typing narrows the parents the platform is asked for.
  await user.type(within(links).getAllByLabelText("Найти по имени или почте")[1] as HTMLElement, "olga");
  await vi.waitFor(() =>
    expect(server.calls.map((call) => call.search)).toContain(
      "?role=parent&is_active=true&q=olga&sort=last_name&limit=50&offset=0",
    ),
  );
  await user.selectOptions(
    within(links).getByLabelText("Родитель"),
    "Ольга Иванова — olga.ivanova@demo.thebot.local",
  );
  await user.click(within(links).getByRole("button", { name: "Назначить родителя" }));
  expect(await within(links).findByText("The parent's account is deactivated.")).toBeInTheDocument();

  const posts = server.calls.filter((call) => call.method === "POST");
  expect(posts.map((call) => [call.path, call.body])).toEqual([
    [`/api/v1/admin/students/${student.user.id}/tutor`, { tutor_id: tutor.user.id }],
    [`/api/v1/admin/parents/${parent.user.id}/children`, { student_ids: [student.user.id] }],
  ]);
}, 20_000);

test("a teacher's subjects are the ones ticked, saved all at once", async () => {
  const teacherPath = `/api/v1/admin/users/${teacher.user.id}`;
  const { user, server } = renderApp(null, {
    route: `/admin/users/${teacher.user.id}`,
    routes: {
      ...asAdmin,
      [`GET ${teacherPath}`]: () => json(teacher),
      "GET /api/v1/subjects": () => json(subjects),
      [`PUT /api/v1/admin/teachers/${teacher.user.id}/subjects`]: () =>
        json({ ...teacher, profile: { ...teacher.profile, subject_ids: [ids.englishSubject] } }),
    },
  });

  const block = await screen.findByRole("region", { name: "Предметы преподавателя" });
  const math = await within(block).findByLabelText("Mathematics");
  expect(math).toBeChecked();
  expect(within(block).getByLabelText("English")).not.toBeChecked();
  expect(screen.queryByRole("region", { name: "Куратор и родитель" })).toBeNull();

  await user.click(math);
  await user.click(within(block).getByLabelText("English"));
  await user.click(within(block).getByRole("button", { name: "Сохранить предметы" }));
  expect(await within(block).findByText("Предметы сохранены.")).toBeInTheDocument();
  expect(server.calls.find((call) => call.method === "PUT")?.body).toEqual({
    subject_ids: [ids.englishSubject],
  });
}, 20_000);
