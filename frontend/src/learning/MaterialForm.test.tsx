import { screen } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { json, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { bodiesOf, fill } from "../test/render";
import { asTeacher, material, teaching } from "./fixtures";
import { renderLearning } from "./testApp";

const created = { ...material, progress: null, assigned_count: 1, completed_count: 0, students: [] };

test("a teacher creates a material for an enrolled student, and its file is uploaded after it", async () => {
  const append = vi.spyOn(FormData.prototype, "append");
  const { user, server, uploads } = renderLearning("/materials/new", {
    ...asTeacher,
    ...teaching,
    "POST /api/v1/materials": () => json(created, 201),
    [`PUT /api/v1/materials/${ids.material}/file`]: () => json(created),
    [`GET /api/v1/materials/${ids.material}`]: () => json(created),
  });

  await fill(user, await screen.findByLabelText("Название"), "  Linear equations: practice set ");
  expect(screen.getByLabelText("Предмет")).toHaveValue(ids.mathSubject);
  await user.selectOptions(screen.getByLabelText("Тип"), "practice");
  await user.selectOptions(screen.getByLabelText("Сложность"), "3");
  await fill(user, screen.getByLabelText("Краткое описание"), "Twenty equations.");
  await fill(user, screen.getByLabelText("Содержание"), "Solve: 3x + 5 = 20");
  await user.click(screen.getByRole("checkbox", { name: "Маша Иванова" }));
  const file = new File(["%PDF-1.7"], "equations.pdf", { type: "application/pdf" });
  await user.upload(screen.getByLabelText("Файл"), file);
  await user.click(screen.getByRole("button", { name: "Создать" }));

  expect(await screen.findByRole("heading", { level: 1, name: material.title })).toBeInTheDocument();
  expect(bodiesOf(server, "POST", "/api/v1/materials")).toEqual([
    {
      title: "Linear equations: practice set",
      subject_id: ids.mathSubject,
      type: "practice",
      status: "active",
      difficulty: 3,
      description: "Twenty equations.",
      content: "Solve: 3x + 5 = 20",
      video_url: null,
      student_ids: [ids.masha],
    },
  ]);
  expect(uploads.map((upload) => [upload.method, upload.path])).toEqual([
    ["PUT", `/api/v1/materials/${ids.material}/file`],
  ]);
  expect(uploads[0]?.contentType).toMatch(/^multipart\/form-data; boundary=/);
  expect(append).toHaveBeenCalledWith("file", file, "equations.pdf");
}, 15_000);

test("a field the platform refuses is marked next to it, and nothing typed is lost", async () => {
  const { user, server } = renderLearning("/materials/new", {
    ...asTeacher,
    ...teaching,
    "POST /api/v1/materials": () =>
      problem(400, "video_url: must be an http or https address", {
        errors: [{ field: "video_url", message: "must be an http or https address" }],
      }),
  });

  await fill(user, await screen.findByLabelText("Название"), "Дроби");
  await fill(user, screen.getByLabelText("Ссылка на видео"), "javascript:alert(1)");
  await user.click(screen.getByRole("button", { name: "Создать" }));

  const video = screen.getByLabelText("Ссылка на видео");
  expect(await screen.findByText("must be an http or https address")).toHaveAttribute(
    "id",
    "material-video-error",
  );
  expect(video).toHaveAttribute("aria-invalid", "true");
  expect(video).toHaveAttribute("aria-describedby", "material-video-error");
  expect(video).toHaveFocus();
  expect(video).toHaveValue("javascript:alert(1)");
  expect(screen.getByLabelText("Название")).toHaveValue("Дроби");
  expect(screen.getByRole("button", { name: "Создать" })).toBeEnabled();
  expect(bodiesOf(server, "POST", "/api/v1/materials")).toHaveLength(1);
}, 10_000);

test("an empty title is caught before anything is sent", async () => {
  const { user, server } = renderLearning("/materials/new", { ...asTeacher, ...teaching });

  await user.click(await screen.findByRole("button", { name: "Создать" }));

  expect(screen.getByLabelText("Название")).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByText("Заполните это поле.")).toBeInTheDocument();
  expect(bodiesOf(server, "POST", "/api/v1/materials")).toEqual([]);
});
