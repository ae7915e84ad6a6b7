import { screen, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { draftPlan, enrollmentPage } from "../reports/reportFixtures";
import { signedInAs, teacherUser } from "../test/accounts";
import { json, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { renderApp } from "../test/render";
import { nextMonday } from "./WeekSelect";

// Typing through user-event is slow on a busy machine.
const SLOW = 20_000;

afterEach(() => vi.restoreAllMocks());

const asTeacher = {
  ...signedInAs(teacherUser),
  "GET /api/v1/enrollments": () => enrollmentPage(),
};

async function fillNewPlan(user: ReturnType<typeof renderApp>["user"]) {
  await user.selectOptions(await screen.findByLabelText("Ученик и предмет"), "Маша Иванова — Mathematics");
  const week = screen.getByLabelText("Неделя");
  const next = within(week).getByRole("option", { name: /следующая неделя/ });
  await user.selectOptions(week, next);
  await user.type(screen.getByLabelText("Заголовок"), "Десятичные дроби");
  await user.type(screen.getByLabelText("Содержание"), "Пн: перевод дробей.");
}

test(
  "a teacher drafts a plan for an enrolled student's next week and lands on the draft",
  async () => {
    const { user, server } = renderApp(null, {
      route: "/study-plans",
      routes: {
        ...asTeacher,
        "GET /api/v1/study-plans": () => json({ items: [], total: 0, limit: 20, offset: 0 }),
        "POST /api/v1/study-plans": () => json(draftPlan, 201),
        [`GET /api/v1/study-plans/${ids.plan}`]: () => json(draftPlan),
      },
    });

    await user.click(await screen.findByRole("link", { name: "Новый учебный план" }));
    await fillNewPlan(user);
    await user.click(screen.getByRole("button", { name: "Создать черновик" }));

    expect(await screen.findByRole("heading", { level: 1, name: draftPlan.title })).toBeInTheDocument();
    expect(screen.getByText("Это черновик: ученик увидит план, когда вы его отправите.")).toBeInTheDocument();
    expect(screen.getByLabelText("Прикрепить файл")).toBeInTheDocument();
    expect(server.calls.find((call) => call.method === "POST")?.body).toEqual({
      student_id: ids.masha,
      subject_id: ids.mathSubject,
      week_start: nextMonday("Europe/Moscow"),
      title: "Десятичные дроби",
      content: "Пн: перевод дробей.",
    });
  },
  SLOW,
);

test(
  "the platform's conflict (one plan per student, subject and week) is shown as its detail",
  async () => {
    const detail = "Маша Иванова already has a Mathematics plan for the week of 2026-11-30.";
    const { user } = renderApp(null, {
      route: "/study-plans/new",
      routes: { ...asTeacher, "POST /api/v1/study-plans": () => problem(409, detail) },
    });

    await fillNewPlan(user);
    await user.click(screen.getByRole("button", { name: "Создать черновик" }));

    const alert = await screen.findByText(detail);
    expect(alert.closest("[role=alert]")).toHaveFocus();
    expect(screen.getByLabelText("Заголовок")).toHaveValue("Десятичные дроби");
    expect(screen.getByLabelText("Содержание")).toHaveValue("Пн: перевод дробей.");
  },
  SLOW,
);

test(
  "a draft is changed, then sent only once the teacher confirms",
  async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    let plan = draftPlan;
    const { user, server } = renderApp(null, {
      route: `/study-plans/${ids.plan}`,
      routes: {
        ...asTeacher,
        [`GET /api/v1/study-plans/${ids.plan}`]: () => json(plan),
        [`PATCH /api/v1/study-plans/${ids.plan}`]: async (request) => {
          plan = { ...plan, ...((await request.json()) as object) };
          return json(plan);
        },
        [`POST /api/v1/study-plans/${ids.plan}/send`]: () => {
          plan = { ...plan, status: "sent", sent_at: "2026-11-26T07:00:00Z" };
          return json(plan);
        },
      },
    });

    const title = await screen.findByLabelText("Заголовок");
    await user.clear(title);
    await user.type(title, "Десятичные дроби: практика");
    await user.click(screen.getByRole("button", { name: "Сохранить черновик" }));
    expect(await screen.findByText("Сохранено.")).toBeInTheDocument();
    expect(server.calls.find((call) => call.method === "PATCH")?.body).toEqual({
      week_start: "2026-11-30",
      title: "Десятичные дроби: практика",
      content: draftPlan.content,
    });

    await user.click(screen.getByRole("button", { name: "Отправить ученику" }));
    expect(confirm).toHaveBeenCalledOnce();
    expect(server.calls.filter((call) => call.method !== "GET")).toHaveLength(1);

    confirm.mockReturnValue(true);
    await user.click(screen.getByRole("button", { name: "Отправить ученику" }));
    expect(await screen.findByText(/^отправлен/)).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Десятичные дроби: практика" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Отправить ученику" })).toBeNull();
    expect(server.calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([
      `/api/v1/study-plans/${ids.plan}/send`,
    ]);
  },
  SLOW,
);

test(
  "a draft is deleted after confirmation, and the teacher is back at the list",
  async () => {
    vi.spyOn(window, "confirm").mockReturnValue(true);
    const { user, server } = renderApp(null, {
      route: `/study-plans/${ids.plan}`,
      routes: {
        ...asTeacher,
        [`GET /api/v1/study-plans/${ids.plan}`]: () => json(draftPlan),
        [`DELETE /api/v1/study-plans/${ids.plan}`]: () => new Response(null, { status: 204 }),
        "GET /api/v1/study-plans": () => json({ items: [], total: 0, limit: 20, offset: 0 }),
      },
    });

    await user.click(await screen.findByRole("button", { name: "Удалить черновик" }));

    expect(await screen.findByText("Учебных планов пока нет.")).toBeInTheDocument();
    expect(server.calls.some((call) => call.method === "DELETE")).toBe(true);
  },
  SLOW,
);
