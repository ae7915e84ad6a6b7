import { screen } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { json, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { fill, plain } from "../test/render";
import { assignment, submission } from "./fixtures";
import { renderLearning } from "./testApp";

const path = `/api/v1/assignments/${ids.assignment}`;
const handedIn = {
  ...submission,
  assignment_title: assignment.title,
  max_score: 20,
  versions: [{ ...submission.versions[0]!, text: "My favourite place is the park." }],
};

test("a student hands in a text and a file as multipart form data and sees it handed in", async () => {
  const append = vi.spyOn(FormData.prototype, "append");
  let own: typeof assignment.own_submission = null;
  const { user, uploads } = renderLearning(`/homework/${ids.assignment}`, {
    [`GET ${path}`]: () => json({ ...assignment, own_submission: own }),
    [`POST ${path}/submissions`]: () => {
      own = {
        id: ids.submission,
        status: "submitted",
        score: null,
        is_late: false,
        submitted_at: handedIn.submitted_at,
      };
      return json(handedIn, 201);
    },
    [`GET /api/v1/submissions/${ids.submission}`]: () => json(handedIn),
  });

  expect(await screen.findByRole("heading", { level: 1, name: assignment.title })).toBeInTheDocument();
  expect(plain(document.querySelector(".facts")?.textContent)).toContain("Состояниенужно сдать");
  await fill(user, screen.getByLabelText("Ответ"), "My favourite place is the park.");
  const file = new File(["photo"], "essay.jpg", { type: "image/jpeg" });
  await user.upload(screen.getByLabelText("Файл с решением"), file);
  await user.click(screen.getByRole("button", { name: "Сдать" }));

  expect(await screen.findByText("Работа сдана.")).toBeInTheDocument();
  expect(uploads).toHaveLength(1);
  expect(uploads[0]?.path).toBe(`${path}/submissions`);
  expect(uploads[0]?.contentType).toMatch(/^multipart\/form-data; boundary=/);
  expect(uploads[0]?.form.get("text")).toBe("My favourite place is the park.");
  expect(uploads[0]?.form.has("file")).toBe(true);
  expect(append).toHaveBeenCalledWith("file", file, "essay.jpg");
  expect(await screen.findByText("сдано, ждёт проверки")).toBeInTheDocument();
  expect(
    await screen.findByText("My favourite place is the park.", { selector: ".work-text" }),
  ).toBeInTheDocument();
  expect(screen.getByLabelText("Ответ")).toHaveValue("");
  expect(screen.getByRole("heading", { level: 3, name: "Сдать новую версию" })).toBeInTheDocument();
}, 15_000);

test("the platform's 409 (the work is graded or the homework closed) is shown, and the answer kept", async () => {
  const { user, uploads } = renderLearning(`/homework/${ids.assignment}`, {
    [`GET ${path}`]: () => json(assignment),
    [`POST ${path}/submissions`]: () => problem(409, "This homework is closed and no longer takes work."),
  });

  await fill(user, await screen.findByLabelText("Ответ"), "Late answer");
  await user.click(screen.getByRole("button", { name: "Сдать" }));

  expect(await screen.findByText("This homework is closed and no longer takes work.")).toHaveAttribute(
    "role",
    "alert",
  );
  expect(screen.getByLabelText("Ответ")).toHaveValue("Late answer");
  expect(screen.getByRole("button", { name: "Сдать" })).toBeEnabled();
  expect(uploads).toHaveLength(1);
  // Only the text is sent when no file is chosen.
  expect(uploads[0]?.form.has("file")).toBe(false);
}, 10_000);

test("nothing is sent without a text or a file", async () => {
  const { user, uploads } = renderLearning(`/homework/${ids.assignment}`, {
    [`GET ${path}`]: () => json(assignment),
  });

  await user.click(await screen.findByRole("button", { name: "Сдать" }));

  expect(screen.getByText("Напишите ответ или приложите файл.")).toHaveFocus();
  expect(uploads).toEqual([]);
});

test("once graded, the student sees the score and the teacher's comment, and no form", async () => {
  const graded = {
    ...handedIn,
    status: "graded" as const,
    score: 18,
    feedback: "Very good! Watch the articles.",
    graded_at: "2026-11-25T09:00:00Z",
  };
  renderLearning(`/homework/${ids.assignment}`, {
    [`GET ${path}`]: () =>
      json({
        ...assignment,
        own_submission: {
          id: ids.submission,
          status: "graded",
          score: 18,
          is_late: false,
          submitted_at: graded.submitted_at,
        },
      }),
    [`GET /api/v1/submissions/${ids.submission}`]: () => json(graded),
  });

  expect(await screen.findByText("Very good! Watch the articles.")).toBeInTheDocument();
  const work = screen.getByRole("region", { name: "Моя работа" });
  expect(plain(work.textContent)).toContain("Оценка: 18 из 20");
  expect(plain(document.querySelector(".facts")?.textContent)).toContain("проверено · 18 из 20");
  expect(screen.queryByRole("button", { name: "Сдать" })).toBeNull();
});
