import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { ids, parentDashboard } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { ParentDashboard } from "./ParentDashboard";

function block(name: string): HTMLElement {
  return screen.getByRole("region", { name });
}

test("every block of the parent's dashboard shows the exact values", () => {
  renderApp(<ParentDashboard data={parentDashboard} />);

  expect(screen.getByRole("heading", { level: 1, name: "Кабинет родителя" })).toBeInTheDocument();
  const stats = plain(block("Статистика").textContent);
  expect(stats).toContain("Дети2");
  expect(stats).toContain("Средний прогресс45 %");
  expect(stats).toContain("Оплачено предметов1");
  expect(stats).toContain("Непрочитанные отчёты1");

  const children = block("Мои дети");
  const masha = within(children).getByRole("article", { name: "Маша Иванова" });
  expect(masha).toHaveAttribute("data-id", ids.masha);
  expect(plain(masha.textContent)).toContain("Класс8");
  expect(plain(masha.textContent)).toContain("КураторЕлена Кузнецова");
  const math = within(masha).getByRole("row", { name: /Mathematics/ });
  expect(math).toHaveAttribute("data-id", ids.mathEnrollment);
  expect(plain(math.textContent)).toContain("80 %");
  expect(plain(math.textContent)).toContain("оплачено · оплачено до 18 дек. 2026 г. · 12 000,00 ₽ за период");
  expect(plain(math.textContent)).toContain("30 нояб. 2026 г., 16:00–17:00");
  const petya = within(children).getByRole("article", { name: "Петя Иванов" });
  expect(plain(petya.textContent)).toContain("Куратор—");
  expect(plain(petya.textContent)).toContain("нет оплаты");

  expect(plain(block("Ближайшие занятия").textContent)).toContain("Ученик: Маша Иванова");
  expect(within(block("Учебные планы на неделю")).getByRole("link")).toHaveAttribute(
    "href",
    `/study-plans/${ids.plan}`,
  );
  expect(plain(block("Непрочитанные отчёты").textContent)).toContain(
    "Математика: итоги трёх недель · Маша Иванова · автор: Анна Смирнова · 5–25 нояб. 2026 г.",
  );
  expect(plain(block("К оплате").textContent)).toContain("English · Маша Иванова · 9 600,00 ₽ · нет оплаты");
  const paid = within(block("Последние платежи")).getByText("Mathematics").closest("li");
  expect(paid).toHaveAttribute("data-id", ids.payment);
  expect(plain(paid?.textContent)).toContain("12 000,00 ₽ · оплачен · период 21 нояб. – 18 дек. 2026 г.");
  expect(plain(paid?.textContent)).toContain("оплачен 21 нояб. 2026 г., 08:12");
  expect(block("Непрочитанные сообщения")).toHaveTextContent("Непрочитанных сообщений: 2, в чатах: 1");
  expect(block("Новые уведомления")).toHaveTextContent("Непрочитанных: 27");
});

test("in English, money and dates follow the English locale", () => {
  renderApp(<ParentDashboard data={parentDashboard} />, { lang: "en" });

  const masha = screen.getByRole("article", { name: "Маша Иванова" });
  expect(plain(masha.textContent)).toContain("paid · paid until 18 Dec 2026 · ₽12,000.00 per period");
  expect(plain(masha.textContent)).toContain("30 Nov 2026, 16:00–17:00");
  expect(screen.getByRole("heading", { level: 1, name: "Parent dashboard" })).toBeInTheDocument();
});
