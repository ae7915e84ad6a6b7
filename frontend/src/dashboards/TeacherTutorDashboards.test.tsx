import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { ids, teacherDashboard, tutorDashboard } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { TeacherDashboard } from "./TeacherDashboard";
import { TutorDashboard } from "./TutorDashboard";

test("the teacher's dashboard shows counters, work to grade, students and materials", () => {
  renderApp(<TeacherDashboard data={teacherDashboard} />);

  const counters = plain(screen.getByRole("region", { name: "Сводка" }).textContent);
  expect(counters).toContain("Работ на проверку1");
  expect(counters).toContain("Занятий на этой неделе4");
  const waiting = within(screen.getByRole("region", { name: "Работы ждут проверки" })).getByRole("listitem");
  expect(waiting).toHaveAttribute("data-id", ids.submission);
  expect(plain(waiting.textContent)).toContain(
    "Дроби: задачи 1–10 · Jack Taylor · сдано 18 нояб. 2026 г., 08:12",
  );
  expect(waiting).toHaveTextContent("с опозданием");
  const students = screen.getByRole("region", { name: "Мои ученики (2)" });
  expect(plain(within(students).getByRole("row", { name: /Маша Иванова/ }).textContent)).toBe(
    "Маша ИвановаMathematics80 %—",
  );
  expect(plain(screen.getByRole("region", { name: "Мои материалы" }).textContent)).toContain(
    "опубликован · назначено: 2, пройдено: 1",
  );
  expect(screen.getByRole("region", { name: "Недавние отчёты" })).toHaveTextContent(
    "Математика: итоги трёх недель",
  );
});

test("the tutor's dashboard shows each student with parent, subjects and last report", () => {
  renderApp(<TutorDashboard data={tutorDashboard} />);

  const masha = screen.getByRole("article", { name: "Маша Иванова" });
  expect(plain(masha.textContent)).toContain("РодительОльга Иванова");
  expect(plain(masha.textContent)).toContain("Последний отчётМатематика: итоги трёх недель");
  expect(within(masha).getByRole("row", { name: /Mathematics/ })).toHaveTextContent("Анна Смирнова");
  expect(plain(screen.getByRole("region", { name: "Статистика" }).textContent)).toContain(
    "Просроченные оплаты0",
  );
  expect(screen.getByRole("region", { name: "Недавние отчёты" })).toHaveTextContent("Пока ничего нет.");
});
