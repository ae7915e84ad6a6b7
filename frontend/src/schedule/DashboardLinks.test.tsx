import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { StudentDashboard } from "../dashboards/StudentDashboard";
import { ids, studentDashboard } from "../test/fixtures";
import { renderApp } from "../test/render";

test("the dashboards' lessons link to their pages, the meeting link stays", () => {
  renderApp(<StudentDashboard data={studentDashboard} />);

  const upcoming = screen.getByRole("region", { name: "Ближайшие занятия" });
  expect(within(upcoming).getByRole("link", { name: /^English/ })).toHaveAttribute(
    "href",
    `/lessons/${ids.lesson}`,
  );
  expect(within(upcoming).getByRole("link", { name: /Подключиться/ })).toHaveAttribute(
    "href",
    "https://meet.example.org/english",
  );
  const subjects = screen.getByRole("region", { name: "Мои предметы" });
  expect(within(subjects).getByRole("link", { name: /30 нояб/ })).toHaveAttribute(
    "href",
    `/lessons/${ids.nextMath}`,
  );
});
