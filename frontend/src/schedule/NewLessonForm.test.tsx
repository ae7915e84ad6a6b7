import { configure, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { signedInAs as me, teacherUser } from "../test/accounts";
import { json, problem, type Handler } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { renderApp } from "../test/render";
import { calendarRoutes, enrollments, freezeTime, lesson, lessonsBetween, weekLessons } from "./testData";

// Typing into forms is slow in jsdom, and slower while the whole suite runs side by side.
vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 5_000 });

beforeEach(freezeTime);
afterEach(() => vi.useRealTimers());

const newId = "0190f3f4-0000-7000-8000-000000000035";

function teacherSchedule(createLesson: Handler) {
  const lessons = [...weekLessons];
  const rendered = renderApp(null, {
    route: "/schedule",
    routes: {
      ...me(teacherUser),
      ...calendarRoutes(),
      "GET /api/v1/lessons": (request) => lessonsBetween(lessons)(request),
      "GET /api/v1/enrollments": () => json({ items: enrollments, total: 2, limit: 100, offset: 0 }),
      "POST /api/v1/lessons": async (request) => {
        const answer = await createLesson(request);
        if (answer.ok) lessons.push((await answer.clone().json()) as (typeof lessons)[number]);
        return answer;
      },
    },
  });
  return rendered;
}

async function fillIn(user: ReturnType<typeof teacherSchedule>["user"], end: string) {
  const form = await screen.findByRole("region", { name: "Новое занятие" });
  await user.selectOptions(await within(form).findByLabelText("Ученик"), "Маша Иванова");
  await user.type(within(form).getByLabelText("Дата"), "2026-12-02");
  await user.type(within(form).getByLabelText("Начало"), "10:00");
  await user.type(within(form).getByLabelText("Окончание"), end);
  return form;
}

test("a new lesson is sent with the school's offset and shown in its week", async () => {
  const created = lesson(newId, "2026-12-02T10:00", 60, {
    description: "Разбор контрольной",
    meeting_url: "https://meet.example.org/anna",
  });
  const { user, server } = teacherSchedule(() => json(created, 201));
  const form = await fillIn(user, "11:00");
  // The only subject Маша has with this teacher is chosen for her.
  expect(within(form).getByLabelText("Предмет")).toHaveValue(ids.mathSubject);
  await user.type(within(form).getByLabelText("Описание"), "Разбор контрольной");
  await user.type(within(form).getByLabelText("Ссылка на онлайн-встречу"), "https://meet.example.org/anna");

  await user.click(within(form).getByRole("button", { name: "Назначить занятие" }));

  expect(await within(form).findByRole("status")).toHaveTextContent(/Занятие назначено: Mathematics/);
  expect(server.calls.find((call) => call.method === "POST")?.body).toEqual({
    student_id: ids.masha,
    subject_id: ids.mathSubject,
    start_at: "2026-12-02T10:00:00+03:00",
    end_at: "2026-12-02T11:00:00+03:00",
    description: "Разбор контрольной",
    meeting_url: "https://meet.example.org/anna",
  });
  // The schedule turns to the new lesson's week, where it is.
  const link = await screen.findByRole("link", { name: "10:00–11:00 Mathematics" });
  expect(link).toHaveAttribute("href", `/lessons/${newId}`);
  expect(within(form).getByRole("link", { name: "Открыть занятие" })).toHaveAttribute(
    "href",
    `/lessons/${newId}`,
  );
  expect(within(form).getByLabelText("Дата")).toHaveValue("");
});

test.each([400, 422])(
  "a %i problem's field error is shown by its field, which gets the focus",
  async (status) => {
    const { user, server } = teacherSchedule(() =>
      problem(status, "must be after start_at", {
        errors: [{ field: "end_at", message: "must be after start_at" }],
      }),
    );
    const form = await fillIn(user, "09:00");

    await user.click(within(form).getByRole("button", { name: "Назначить занятие" }));

    const end = within(form).getByLabelText("Окончание");
    await vi.waitFor(() => expect(end).toHaveAttribute("aria-invalid", "true"));
    expect(end).toHaveAccessibleDescription("must be after start_at");
    expect(end).toHaveFocus();
    expect(within(form).getByLabelText("Начало")).not.toHaveAttribute("aria-invalid");
    expect(within(form).getByRole("alert")).toBeEmptyDOMElement();
    const sent = server.calls.find((call) => call.method === "POST")?.body as Record<string, string>;
    expect(sent.end_at).toBe("2026-12-02T09:00:00+03:00");
  },
);

test("a conflict without a field is shown at the top of the form and focused", async () => {
  const overlap = "This time overlaps another lesson of the student: English, 2026-12-02 09:30 to 10:30 MSK.";
  const { user } = teacherSchedule(() => problem(409, overlap));
  const form = await fillIn(user, "11:00");

  await user.click(within(form).getByRole("button", { name: "Назначить занятие" }));

  const alert = within(form).getByRole("alert");
  expect(await within(alert).findByText(overlap)).toBeVisible();
  expect(alert).toHaveFocus();
  expect(within(form).getByLabelText("Окончание")).not.toHaveAttribute("aria-invalid");
});

test("missing choices are named by their fields before anything is sent", async () => {
  const { user, server } = teacherSchedule(() => json({}, 500));
  const form = await screen.findByRole("region", { name: "Новое занятие" });
  await within(form).findByLabelText("Ученик");

  await user.click(within(form).getByRole("button", { name: "Назначить занятие" }));

  const student = within(form).getByLabelText("Ученик");
  expect(student).toHaveAttribute("aria-invalid", "true");
  expect(student).toHaveAccessibleDescription("Выберите ученика");
  expect(student).toHaveFocus();
  expect(within(form).getByLabelText("Дата")).toHaveAccessibleDescription("Заполните это поле.");
  expect(server.calls.some((call) => call.method === "POST")).toBe(false);
});
