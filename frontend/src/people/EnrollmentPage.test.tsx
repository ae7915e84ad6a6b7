import { screen } from "@testing-library/react";
import { expect, test } from "vitest";
import { signedInAs, tutorUser } from "../test/accounts";
import { json, problem } from "../test/fakeServer";
import { ids, parentUser } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { peopleIds, sashaPhysics } from "./peopleFixtures";

const path = `/api/v1/enrollments/${sashaPhysics.id}`;

test("an enrollment shows student, subject, teacher, since, price and payment, linking to the student", async () => {
  renderApp(null, {
    route: `/enrollments/${sashaPhysics.id}`,
    routes: { ...signedInAs(tutorUser), [`GET ${path}`]: () => json(sashaPhysics) },
  });
  expect(
    await screen.findByRole("heading", { level: 1, name: "Physics: Саша Морозова" }),
  ).toBeInTheDocument();
  const facts = plain(document.querySelector(".facts")?.textContent);
  expect(facts).toContain("ПреподавательДмитрий Волков");
  expect(facts).toContain("Статусидут занятия");
  expect(facts).toContain("Начало2 нояб. 2026 г., 12:00");
  expect(facts).toContain("Стоимость8 000,00 ₽ за 4 нед.");
  expect(facts).toContain("Оплачено до20 дек. 2026 г.");
  expect(screen.getByRole("link", { name: "Саша Морозова" })).toHaveAttribute(
    "href",
    `/students/${peopleIds.sasha}`,
  );
  expect(screen.getByRole("button", { name: "Завершить занятия: Physics (Дмитрий Волков)" })).toBeEnabled();
});

test("a parent reads it without the staff's links and actions", async () => {
  renderApp(null, {
    route: `/enrollments/${sashaPhysics.id}`,
    routes: { ...signedInAs(parentUser), [`GET ${path}`]: () => json(sashaPhysics) },
  });
  expect(
    await screen.findByRole("heading", { level: 1, name: "Physics: Саша Морозова" }),
  ).toBeInTheDocument();
  expect(screen.queryByRole("link", { name: "Саша Морозова" })).toBeNull();
  expect(screen.queryByRole("button", { name: /Завершить/ })).toBeNull();
});

test("a missing enrollment is not found", async () => {
  renderApp(null, {
    route: `/enrollments/${ids.mathEnrollment}`,
    routes: {
      [`GET /api/v1/enrollments/${ids.mathEnrollment}`]: () => problem(404, "Enrollment not found."),
    },
  });
  expect(await screen.findByRole("alert")).toHaveTextContent("Такой записи на предмет нет или она не ваша.");
});
