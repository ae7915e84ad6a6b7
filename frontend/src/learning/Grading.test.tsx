import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { json, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { bodiesOf, fill } from "../test/render";
import { asTeacher, submission } from "./fixtures";
import { renderLearning } from "./testApp";

const path = `/api/v1/submissions/${ids.submission}`;
const older = { ...submission, id: "0190f3f4-0000-7000-8000-000000000052", student_name: "Jack Taylor" };

function queue(state: { graded: boolean }) {
  return (request: Request) => {
    const query = new URL(request.url).searchParams;
    const items = state.graded ? [older] : [older, submission];
    return json({ items, total: items.length, limit: Number(query.get("limit")), offset: 0 });
  };
}

test("the teacher grades the oldest work first: score and comment are sent, and it leaves the list", async () => {
  const state = { graded: false };
  const { user, server } = renderLearning("/submissions", {
    ...asTeacher,
    "GET /api/v1/submissions": queue(state),
    [`GET ${path}`]: () => json(submission),
    [`POST ${path}/feedback`]: () => {
      state.graded = true;
      return json({ ...submission, status: "graded", score: 9, feedback: "Отлично!" });
    },
  });

  expect(await screen.findByRole("heading", { level: 1, name: "Проверка" })).toBeInTheDocument();
  const list = await within(screen.getByRole("main")).findByRole("list");
  const rows = within(list)
    .getAllByRole("link")
    .map((link) => link.textContent);
  expect(rows).toEqual(["Дроби: задачи 1–10 — Jack Taylor", "Дроби: задачи 1–10 — Маша Иванова"]);
  const pending = server.calls.find(
    (call) => call.search.includes("status=pending") && call.search.includes("limit=20"),
  );
  expect(pending?.search).toContain("offset=0");

  await user.click(screen.getByRole("link", { name: "Дроби: задачи 1–10 — Маша Иванова" }));
  expect(await screen.findByText("Решила все задачи 1–10.")).toBeInTheDocument();
  await fill(user, screen.getByLabelText("Балл (0–10)"), "9");
  await fill(user, screen.getByLabelText("Комментарий"), "Отлично!");
  await user.click(screen.getByRole("button", { name: "Сохранить оценку" }));

  expect(
    await screen.findByText("Оценка сохранена: Дроби: задачи 1–10, Маша Иванова — 9 из 10."),
  ).toBeInTheDocument();
  expect(bodiesOf(server, "POST", `${path}/feedback`)).toEqual([
    { score: 9, comment: "Отлично!", return_for_revision: false },
  ]);
  expect(screen.getByRole("heading", { level: 1, name: "Проверка" })).toBeInTheDocument();
  expect(await screen.findByRole("link", { name: "Дроби: задачи 1–10 — Jack Taylor" })).toBeInTheDocument();
  expect(screen.queryByRole("link", { name: "Дроби: задачи 1–10 — Маша Иванова" })).toBeNull();
}, 15_000);

test("a score outside 0..max_score is refused before sending; the platform's 400 is shown by the field", async () => {
  const { user, server } = renderLearning(`/submissions/${ids.submission}`, {
    ...asTeacher,
    [`GET ${path}`]: () => json(submission),
    [`POST ${path}/feedback`]: () =>
      problem(400, "score: must be a whole number from 0 to 10", {
        errors: [{ field: "score", message: "must be a whole number from 0 to 10" }],
      }),
  });

  const score = await screen.findByLabelText("Балл (0–10)");
  await fill(user, screen.getByLabelText("Комментарий"), "Почти!");
  await fill(user, score, "11");
  await user.click(screen.getByRole("button", { name: "Сохранить оценку" }));
  expect(screen.getByText("Введите целое число от 0 до 10.")).toHaveAttribute("id", "feedback-score-error");
  expect(score).toHaveAttribute("aria-invalid", "true");
  expect(score).toHaveFocus();
  await fill(user, score, "-1");
  await user.click(screen.getByRole("button", { name: "Сохранить оценку" }));
  expect(screen.getByText("Введите целое число от 0 до 10.")).toBeInTheDocument();
  expect(bodiesOf(server, "POST", `${path}/feedback`)).toEqual([]);

  // Say the assignment's maximum changed meanwhile: the platform's own words name the field.
  await fill(user, score, "10");
  await user.click(screen.getByRole("button", { name: "Сохранить оценку" }));
  expect(await screen.findByText("must be a whole number from 0 to 10")).toHaveAttribute(
    "id",
    "feedback-score-error",
  );
  expect(score).toHaveValue(10);
  expect(screen.getByLabelText("Комментарий")).toHaveValue("Почти!");
  expect(bodiesOf(server, "POST", `${path}/feedback`)).toEqual([
    { score: 10, comment: "Почти!", return_for_revision: false },
  ]);
}, 15_000);
