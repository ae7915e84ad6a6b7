import { fireEvent, screen, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import type { components } from "../api/schema";
import { signedInAs, teacherUser, tutorUser } from "../test/accounts";
import { json, problem } from "../test/fakeServer";
import { ids, studentUser } from "../test/fixtures";
import { renderApp } from "../test/render";
import { enrollmentPage, sentReport } from "./reportFixtures";

type Account = components["schemas"]["AccountOut"];

// Typing through user-event is slow on a busy machine.
const SLOW = 20_000;

afterEach(() => vi.restoreAllMocks());

const asTeacher = {
  ...signedInAs(teacherUser),
  "GET /api/v1/enrollments": () => enrollmentPage(),
};

function setPeriod(start: string, end: string) {
  fireEvent.change(screen.getByLabelText("Период: с"), { target: { value: start } });
  fireEvent.change(screen.getByLabelText("Период: по"), { target: { value: end } });
}

test(
  "a teacher writes a report about an enrolled student and sends it to the parent only",
  async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    const { user, server } = renderApp(null, {
      route: "/reports/new",
      routes: {
        ...asTeacher,
        "POST /api/v1/reports": () => json(sentReport, 201),
        [`GET /api/v1/reports/${ids.report}`]: () => json(sentReport),
      },
    });

    await user.selectOptions(await screen.findByLabelText("Ученик"), "Маша Иванова");
    await user.selectOptions(screen.getByLabelText("Предмет"), "Mathematics");
    setPeriod("2026-11-05", "2026-11-25");
    await user.type(screen.getByLabelText("Заголовок"), "Математика: итоги трёх недель");
    await user.type(screen.getByLabelText("Итоги"), "Маша уверенно работает с дробями.");
    await user.type(screen.getByLabelText("Прогресс, %"), "75");

    const recipients = screen.getByRole("group", { name: "Получатели" });
    expect(within(recipients).getAllByRole("checkbox")).toHaveLength(2);
    expect(within(recipients).getByLabelText("Куратору ученика")).toBeChecked();
    expect(within(recipients).getByLabelText("Родителю ученика")).toBeChecked();
    await user.click(within(recipients).getByLabelText("Куратору ученика"));

    await user.click(screen.getByRole("button", { name: "Отправить" }));

    expect(confirm).toHaveBeenCalledOnce();
    expect(await screen.findByRole("heading", { level: 1, name: sentReport.title })).toBeInTheDocument();
    expect(server.calls.find((call) => call.method === "POST")?.body).toEqual({
      student_id: ids.masha,
      subject_id: ids.mathSubject,
      period_start: "2026-11-05",
      period_end: "2026-11-25",
      title: "Математика: итоги трёх недель",
      summary: "Маша уверенно работает с дробями.",
      achievements: null,
      concerns: null,
      recommendations: null,
      progress_percentage: 75,
      attendance_percentage: null,
      recipients: ["parent"],
      send: true,
    });
  },
  SLOW,
);

test(
  "a tutor may write to the parent only, and is told when a student has no parent",
  async () => {
    const account = (id: string, name: string, parentId: string | null): Account => ({
      user: { ...studentUser, id, full_name: name },
      profile: {
        role: "student",
        grade: 8,
        goal: null,
        tutor_id: ids.elena,
        parent_id: parentId,
        telegram: null,
      },
    });
    const { user } = renderApp(null, {
      route: "/reports/new",
      routes: {
        ...signedInAs(tutorUser),
        "GET /api/v1/enrollments": () => enrollmentPage(),
        "GET /api/v1/admin/users": () =>
          json({
            items: [account(ids.masha, "Маша Иванова", ids.olga), account(ids.petya, "Саша Морозова", null)],
            total: 2,
            limit: 100,
            offset: 0,
          }),
      },
    });

    const recipients = await screen.findByRole("group", { name: "Получатели" });
    expect(within(recipients).getAllByRole("checkbox")).toHaveLength(1);
    expect(within(recipients).getByLabelText("Родителю ученика")).toBeChecked();
    expect(screen.queryByLabelText("Куратору ученика")).toBeNull();

    await user.selectOptions(screen.getByLabelText("Ученик"), "Саша Морозова");
    expect(recipients).toHaveTextContent("нет родителя в системе");
    await user.selectOptions(screen.getByLabelText("Ученик"), "Маша Иванова");
    expect(recipients).not.toHaveTextContent("нет родителя в системе");
  },
  SLOW,
);

test(
  "a field the platform refuses is marked, announced and focused; nothing typed is lost",
  async () => {
    const { user, server } = renderApp(null, {
      route: "/reports/new",
      routes: {
        ...asTeacher,
        "POST /api/v1/reports": () =>
          problem(400, "Some fields are not valid.", {
            errors: [{ field: "title", message: "must be 1 to 200 characters" }],
          }),
      },
    });

    await user.selectOptions(await screen.findByLabelText("Ученик"), "Маша Иванова");
    await user.type(screen.getByLabelText("Итоги"), "Хорошая неделя.");
    await user.click(screen.getByRole("button", { name: "Сохранить черновик" }));

    const title = screen.getByLabelText("Заголовок");
    await vi.waitFor(() => expect(title).toHaveAttribute("aria-invalid", "true"));
    expect(title).toHaveAccessibleDescription("must be 1 to 200 characters");
    expect(title).toHaveFocus();
    expect(screen.getByRole("alert")).toHaveTextContent("Исправьте отмеченные поля.");
    expect(screen.getByLabelText("Итоги")).toHaveValue("Хорошая неделя.");
    expect(screen.getByLabelText("Ученик")).toHaveValue(ids.masha);
    expect(server.calls.find((call) => call.method === "POST")?.body).toMatchObject({ send: false });
  },
  SLOW,
);
