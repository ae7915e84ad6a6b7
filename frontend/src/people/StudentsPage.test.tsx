import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { signedInAs, tutorUser } from "../test/accounts";
import { json, page } from "../test/fakeServer";
import { ids, studentDashboard, studentUser } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { olga, petya, petyaMath, sasha, sashaPhysics } from "./peopleFixtures";

const listRoutes = {
  ...signedInAs(tutorUser),
  "GET /api/v1/admin/users": (request: Request) => {
    const role = new URL(request.url).searchParams.get("role");
    return json(page(role === "student" ? [petya, sasha] : role === "parent" ? [olga] : []));
  },
  "GET /api/v1/enrollments": () => json(page([petyaMath, sashaPhysics])),
};

test("a tutor's students: grade, parent and subjects, each a link to the student's card", async () => {
  const { server } = renderApp(null, { route: "/students", routes: listRoutes });

  expect(await screen.findByRole("heading", { level: 1, name: "Мои ученики" })).toBeInTheDocument();
  const petyaRow = (await screen.findByRole("link", { name: "Петя Иванов" })).closest("tr") as HTMLElement;
  expect(within(petyaRow).getByRole("link", { name: "Петя Иванов" })).toHaveAttribute(
    "href",
    `/students/${ids.petya}`,
  );
  await within(petyaRow).findByText("Ольга Иванова");
  expect(plain(petyaRow.textContent)).toBe("Петя Иванов5Ольга ИвановаMathematics · Дмитрий Волков");
  const sashaRow = screen.getByRole("link", { name: "Саша Морозова" }).closest("tr") as HTMLElement;
  expect(plain(sashaRow.textContent)).toBe("Саша Морозова11—Physics · Дмитрий Волков");
  expect(screen.getByRole("link", { name: "Добавить семью" })).toHaveAttribute("href", "/students/new");

  // The server narrows the list to the tutor's own students; the page asks for students only.
  const asked = server.calls.filter((call) => call.path === "/api/v1/admin/users").map((call) => call.search);
  expect(asked).toContain("?role=student&sort=last_name&limit=20&offset=0");
  expect(asked).toContain("?role=parent&is_active=true&sort=last_name&limit=100&offset=0");
  expect(server.calls.find((call) => call.path === "/api/v1/enrollments")?.search).toBe(
    "?status=active&limit=100&offset=0",
  );
});

test("the header names the students page for tutors only", async () => {
  renderApp(null, { route: "/students", routes: listRoutes });
  const nav = await screen.findByRole("navigation", { name: "Основная навигация" });
  expect(within(nav).getByRole("link", { name: "Ученики" })).toHaveAttribute("href", "/students");
});

test("a student who opens the page is sent home", async () => {
  renderApp(null, {
    route: "/students",
    routes: {
      ...signedInAs(studentUser),
      "GET /api/v1/dashboard/student": () => json(studentDashboard),
    },
  });
  expect(await screen.findByRole("heading", { level: 1, name: "Кабинет ученика" })).toBeInTheDocument();
  expect(screen.queryByRole("link", { name: "Ученики" })).toBeNull();
});
