import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { ids, studentDashboard } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { StudentDashboard } from "./StudentDashboard";

function block(name: string): HTMLElement {
  return screen.getByRole("region", { name });
}

test("every block of the student's dashboard shows the exact values", () => {
  renderApp(<StudentDashboard data={studentDashboard} />);

  expect(screen.getByRole("heading", { level: 1, name: "Кабинет ученика" })).toBeInTheDocument();
  expect(screen.getByText("Здравствуйте, Маша!")).toBeInTheDocument();

  const subjects = block("Мои предметы");
  const math = within(subjects).getByText("Mathematics").closest("li");
  expect(math).toHaveAttribute("data-id", ids.mathEnrollment);
  // 13:00 UTC is 16:00 in Moscow, the school's time zone.
  expect(plain(math?.textContent)).toContain("Анна Смирнова");
  expect(plain(math?.textContent)).toContain("30 нояб. 2026 г., 16:00–17:00");
  expect(plain(within(subjects).getByText("English").closest("li")?.textContent)).toContain(
    "не запланировано",
  );

  const lessons = block("Ближайшие занятия");
  expect(plain(lessons.textContent)).toContain("English 27 нояб. 2026 г., 17:00–18:00");
  expect(within(lessons).getByRole("link", { name: /Подключиться/ })).toHaveAttribute(
    "href",
    "https://meet.example.org/english",
  );

  const plans = block("Учебные планы на неделю");
  expect(within(plans).getByRole("link", { name: "Дроби: сложение и вычитание" })).toHaveAttribute(
    "href",
    `/study-plans/${ids.plan}`,
  );
  expect(plain(plans.textContent)).toContain("23–29 нояб. 2026 г.");

  expect(plain(block("Домашние задания").textContent)).toContain(
    "Essay: my favourite place · English · сдать до 1 дек. 2026 г., 20:00 · не сдано",
  );
  const graded = block("Недавно проверенные работы");
  expect(plain(graded.textContent)).toContain("Дроби: задачи 1–10 · Mathematics · 9 из 10");
  expect(within(graded).getByText("Отлично! Задача 7: не забывай сокращать ответ.")).toBeInTheDocument();

  const materials = block("Текущие материалы");
  expect(plain(materials.textContent)).toContain("Linear equations: practice set · Mathematics · практика");
  expect(within(materials).getByRole("progressbar", { name: /Прогресс: 60\s%/ })).toHaveAttribute(
    "value",
    "60",
  );
  expect(plain(materials.textContent)).toContain("Затрачено времени: 30 мин");

  const progress = plain(block("Успеваемость").textContent);
  expect(progress).toContain("Материалов всего3");
  expect(progress).toContain("Средний прогресс70 %");
  expect(progress).toContain("Затрачено времени95 мин");

  expect(plain(block("Недавние действия").textContent)).toContain("Работа проверена: Дроби: задачи 1–10");
  expect(block("Непрочитанные сообщения")).toHaveTextContent("Непрочитанных сообщений: 2, в чатах: 1");
});

test("a notification links to its page when the app has it, else to the centre", () => {
  renderApp(<StudentDashboard data={studentDashboard} />);

  const notifications = block("Новые уведомления");
  expect(notifications).toHaveTextContent("Непрочитанных: 27");
  expect(
    within(notifications).getByRole("link", { name: "Study plan for Маша Иванова: Mathematics" }),
  ).toHaveAttribute("href", `/study-plans/${ids.plan}`);
  expect(within(notifications).getByRole("link", { name: "New lesson: English" })).toHaveAttribute(
    "href",
    `/lessons/${ids.lesson}`,
  );
  expect(within(notifications).getByRole("link", { name: "Все уведомления" })).toHaveAttribute(
    "href",
    "/notifications",
  );
});
