import { screen } from "@testing-library/react";
import { expect, test } from "vitest";
import { json, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { plain } from "../test/render";
import { bodiesOf, fill } from "../test/render";
import { material } from "./fixtures";
import { renderLearning } from "./testApp";

const path = `/api/v1/materials/${ids.material}`;

test("a student reads the material and records progress: the percentage and the minutes of now", async () => {
  let progress = material.progress;
  const { user, server } = renderLearning(`/materials/${ids.material}`, {
    [`GET ${path}`]: () => json({ ...material, progress }),
    [`POST ${path}/progress`]: () => {
      progress = { ...material.progress!, progress_percentage: 80, time_spent_minutes: 55 };
      return json(progress);
    },
  });

  expect(await screen.findByRole("heading", { level: 1, name: material.title })).toBeInTheDocument();
  expect(screen.getByText("Solve: 3x + 5 = 20; 2(x - 4) = 10")).toBeInTheDocument();
  const section = screen.getByRole("region", { name: "Мой прогресс" });
  expect(plain(section.textContent)).toContain("Затрачено времени: 30 мин");
  expect(screen.getByLabelText("Изучено, % (0–100)")).toHaveValue(60);

  await fill(user, screen.getByLabelText("Изучено, % (0–100)"), "80");
  await fill(user, screen.getByLabelText("Минут занятий сейчас"), "25");
  await user.click(screen.getByRole("button", { name: "Сохранить прогресс" }));

  expect(await screen.findByText("Прогресс сохранён.")).toBeInTheDocument();
  expect(bodiesOf(server, "POST", `${path}/progress`)).toEqual([
    { progress_percentage: 80, time_spent_minutes: 25 },
  ]);
  expect(await screen.findByText(/Затрачено времени: 55 мин/)).toBeInTheDocument();
  // The minutes were added up: the field is ready for the next session.
  expect(screen.getByLabelText("Минут занятий сейчас")).toHaveValue(0);
}, 10_000);

test("a percentage above 100 or a fraction of a minute is refused before anything is sent", async () => {
  const { user, server } = renderLearning(`/materials/${ids.material}`, {
    [`GET ${path}`]: () => json(material),
  });

  await fill(user, await screen.findByLabelText("Изучено, % (0–100)"), "150");
  await fill(user, screen.getByLabelText("Минут занятий сейчас"), "2.5");
  await user.click(screen.getByRole("button", { name: "Сохранить прогресс" }));

  const percent = screen.getByLabelText("Изучено, % (0–100)");
  expect(percent).toHaveAttribute("aria-invalid", "true");
  expect(percent).toHaveFocus();
  expect(screen.getByText("Введите целое число от 0 до 100.")).toHaveAttribute(
    "id",
    "progress-percentage-error",
  );
  expect(screen.getByText("Введите целое число минут от 0 до 1440.")).toBeInTheDocument();
  expect(percent).toHaveValue(150);
  expect(bodiesOf(server, "POST", `${path}/progress`)).toEqual([]);
}, 10_000);

test("the platform's refusal of a field is shown by that field", async () => {
  const { user } = renderLearning(`/materials/${ids.material}`, {
    [`GET ${path}`]: () => json(material),
    [`POST ${path}/progress`]: () =>
      problem(400, "time_spent_minutes: must be a whole number from 0 to 1440", {
        errors: [{ field: "time_spent_minutes", message: "must be a whole number from 0 to 1440" }],
      }),
  });

  await fill(user, await screen.findByLabelText("Минут занятий сейчас"), "30");
  await user.click(screen.getByRole("button", { name: "Сохранить прогресс" }));

  const minutes = screen.getByLabelText("Минут занятий сейчас");
  expect(await screen.findByText("must be a whole number from 0 to 1440")).toHaveAttribute(
    "id",
    "progress-minutes-error",
  );
  expect(minutes).toHaveAttribute("aria-invalid", "true");
  expect(minutes).toHaveAttribute("aria-describedby", "progress-minutes-hint progress-minutes-error");
  expect(minutes).toHaveValue(30);
});
