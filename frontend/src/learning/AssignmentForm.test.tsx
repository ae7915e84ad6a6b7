import { screen } from "@testing-library/react";
import { expect, test } from "vitest";
import { json } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { bodiesOf, fill } from "../test/render";
import { asTeacher, assignment, teaching } from "./fixtures";
import { renderLearning } from "./testApp";

test("a teacher sets homework; the due time is read in the school's time zone", async () => {
  const created = { ...assignment, author_id: ids.anna, counts: { assigned: 1, submitted: 0, graded: 0 } };
  const { user, server } = renderLearning("/homework/new", {
    ...asTeacher,
    ...teaching,
    "POST /api/v1/assignments": () => json(created, 201),
    [`GET /api/v1/assignments/${ids.assignment}`]: () => json(created),
  });

  await fill(user, await screen.findByLabelText("Название"), "Дроби: задачи 11–20");
  await fill(user, screen.getByLabelText("Срок сдачи"), "2026-12-01T20:00");
  await fill(user, screen.getByLabelText("Максимальный балл"), "10");
  await fill(user, screen.getByLabelText("Условие"), "Решите задачи 11–20.");
  await user.click(screen.getByRole("button", { name: "Задать" }));
  expect(screen.getByText("Выберите хотя бы одного ученика.")).toBeInTheDocument();
  expect(bodiesOf(server, "POST", "/api/v1/assignments")).toEqual([]);

  await user.click(screen.getByRole("checkbox", { name: "Петя Иванов" }));
  await user.click(screen.getByRole("button", { name: "Задать" }));

  expect(await screen.findByRole("heading", { level: 1, name: assignment.title })).toBeInTheDocument();
  // 20:00 in Moscow (UTC+3) is 17:00 UTC.
  expect(bodiesOf(server, "POST", "/api/v1/assignments")).toEqual([
    {
      title: "Дроби: задачи 11–20",
      subject_id: ids.mathSubject,
      due_at: "2026-12-01T17:00:00.000Z",
      max_score: 10,
      instructions: "Решите задачи 11–20.",
      status: "published",
      student_ids: [ids.petya],
    },
  ]);
}, 15_000);
