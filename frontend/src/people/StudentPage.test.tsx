import { screen, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { signedInAs, tutorUser } from "../test/accounts";
import { json, page, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { credentials, olga, peopleIds, petya, petyaMath, sashaPhysics, subjects } from "./peopleFixtures";

const petyaPhysics = {
  ...sashaPhysics,
  id: "0190f3f4-0000-7000-8000-000000000299",
  student_id: ids.petya,
  student_name: "Петя Иванов",
  display_name: "Физика: ЕГЭ",
  custom_subject_name: "Физика: ЕГЭ",
};

const cardRoutes = {
  ...signedInAs(tutorUser),
  [`GET /api/v1/admin/users/${ids.petya}`]: () => json(petya),
  [`GET /api/v1/admin/users/${ids.olga}`]: () => json(olga),
  "GET /api/v1/admin/users": () => json(page([olga])),
  "GET /api/v1/subjects": () => json(subjects),
  "GET /api/v1/enrollments": () => json(page([petyaMath])),
  [`GET /api/v1/subjects/${sashaPhysics.subject_id}/teachers`]: () =>
    json([{ id: sashaPhysics.teacher_id, full_name: sashaPhysics.teacher_name }]),
};

test("the card shows the student, the parent and the subjects, and links to the schedule", async () => {
  renderApp(null, { route: `/students/${ids.petya}`, routes: cardRoutes });

  expect(await screen.findByRole("heading", { level: 1, name: "Петя Иванов" })).toBeInTheDocument();
  const profile = screen.getByRole("region", { name: "Профиль" });
  expect(plain(profile.textContent)).toContain("Класс5");
  expect(plain(profile.textContent)).toContain("Электронная почтаpetya.ivanov@demo.thebot.local");
  const parent = screen.getByRole("region", { name: "Родитель" });
  expect(await within(parent).findByText("Ольга Иванова")).toBeInTheDocument();
  const subjectsBlock = screen.getByRole("region", { name: "Предметы ученика" });
  expect(await within(subjectsBlock).findByRole("link", { name: "Mathematics" })).toHaveAttribute(
    "href",
    `/enrollments/${ids.petyaEnrollment}`,
  );
  expect(plain(subjectsBlock.textContent)).toContain("Дмитрий Волков");
  expect(screen.getByRole("link", { name: "Расписание занятий" })).toHaveAttribute("href", "/schedule");
});

test("a tutor enrolls the student with a teacher of the subject; a duplicate's 409 is shown", async () => {
  let posts = 0;
  const { user, server } = renderApp(null, {
    route: `/students/${ids.petya}`,
    routes: {
      ...cardRoutes,
      "POST /api/v1/enrollments": () => {
        posts += 1;
        if (posts === 1) return json(petyaPhysics, 201);
        return problem(409, "The student is already enrolled in this subject with this teacher.");
      },
    },
  });
  const form = (await screen.findByRole("region", { name: "Записать на предмет" })) as HTMLElement;
  const teacher = within(form).getByLabelText("Преподаватель");
  expect(teacher).toBeDisabled();
  await within(form).findByRole("option", { name: "Physics" });
  await user.selectOptions(within(form).getByLabelText("Предмет"), "Physics");
  // The platform names the teachers of the subject (GET /subjects/{id}/teachers).
  await within(form).findByRole("option", { name: "Дмитрий Волков" });
  await user.selectOptions(teacher, "Дмитрий Волков");
  await user.type(within(form).getByLabelText("Своё название предмета"), "Физика: ЕГЭ");
  await user.click(within(form).getByRole("button", { name: "Записать" }));

  expect(await within(form).findByRole("link", { name: "Физика: ЕГЭ · Дмитрий Волков" })).toHaveAttribute(
    "href",
    `/enrollments/${petyaPhysics.id}`,
  );
  expect(server.calls.find((call) => call.method === "POST")?.body).toEqual({
    student_id: ids.petya,
    subject_id: peopleIds.physics,
    teacher_id: peopleIds.dmitry,
    custom_subject_name: "Физика: ЕГЭ",
  });

  await user.selectOptions(within(form).getByLabelText("Предмет"), "Physics");
  await user.selectOptions(within(form).getByLabelText("Преподаватель"), "Дмитрий Волков");
  await user.click(within(form).getByRole("button", { name: "Записать" }));
  expect(await within(form).findByRole("alert")).toHaveTextContent(
    "The student is already enrolled in this subject with this teacher.",
  );
  expect(within(form).getByLabelText("Предмет")).toHaveDisplayValue("Physics");
  expect(within(form).getByLabelText("Преподаватель")).toHaveDisplayValue("Дмитрий Волков");
}, 20_000);

test("ending an enrollment asks first; resetting the password shows the new one once", async () => {
  const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
  const { user, server } = renderApp(null, {
    route: `/students/${ids.petya}`,
    routes: {
      ...cardRoutes,
      [`DELETE /api/v1/enrollments/${ids.petyaEnrollment}`]: () => new Response(null, { status: 204 }),
      [`POST /api/v1/admin/users/${ids.petya}/reset-password`]: () =>
        json({ ...petya, credentials: credentials("petya.ivanov@demo.thebot.local", "NewPassw0rd12345") }),
    },
  });
  await user.click(
    await screen.findByRole("button", { name: "Завершить занятия: Mathematics (Дмитрий Волков)" }),
  );
  expect(confirm).toHaveBeenLastCalledWith(
    "Завершить занятия «Mathematics (Дмитрий Волков)» ученика Петя Иванов? Запись останется в истории.",
  );
  await vi.waitFor(() => expect(server.calls.some((call) => call.method === "DELETE")).toBe(true));

  await user.click(screen.getByRole("button", { name: "Сбросить пароль" }));
  const shown = await screen.findByRole("alert", { name: "Данные для входа: Петя Иванов" });
  expect(within(shown).getByLabelText("Пароль")).toHaveValue("NewPassw0rd12345");
  expect(server.calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([
    `/api/v1/admin/users/${ids.petya}/reset-password`,
  ]);
});
