import { screen } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import type { components } from "../api/schema";
import { json, problem } from "../test/fakeServer";
import { ids } from "../test/fixtures";
import { plain, renderApp } from "../test/render";

const fileId = "0190f3f4-0000-7000-8000-000000000041";
const plan: components["schemas"]["StudyPlanOut"] = {
  id: ids.plan,
  title: "Дроби: сложение и вычитание",
  content: "Пн: разбор домашней работы.\nСр: дроби с разными знаменателями.",
  week_start: "2026-11-23",
  week_end: "2026-11-29",
  status: "sent",
  sent_at: "2026-11-23T06:30:00Z",
  author_id: ids.anna,
  author_name: "Анна Смирнова",
  student_id: ids.masha,
  student_name: "Маша Иванова",
  subject_id: ids.mathSubject,
  subject_name: "Mathematics",
  enrollment_id: ids.mathEnrollment,
  files: [{ id: fileId, name: "fractions.pdf", content_type: "application/pdf", size: 2048 }],
  created_at: "2026-11-23T06:00:00Z",
  updated_at: "2026-11-23T06:30:00Z",
};

test("a study plan shows its week, people and content, and downloads files with the token", async () => {
  const createObjectURL = vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:fractions");
  vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
  const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
  const { user, server } = renderApp(null, {
    route: `/study-plans/${ids.plan}`,
    routes: {
      [`GET /api/v1/study-plans/${ids.plan}`]: () => json(plan),
      [`GET /api/v1/study-plans/${ids.plan}/files/${fileId}`]: () =>
        new Response("%PDF-1.7", { headers: { "Content-Type": "application/pdf" } }),
    },
  });

  expect(await screen.findByRole("heading", { level: 1, name: plan.title })).toBeInTheDocument();
  const facts = plain(document.querySelector(".facts")?.textContent);
  expect(facts).toContain("Неделя23–29 нояб. 2026 г.");
  expect(facts).toContain("ПредметMathematics");
  expect(facts).toContain("ПреподавательАнна Смирнова");
  expect(facts).toContain("УченикМаша Иванова");
  expect(screen.getByText(/Ср: дроби с разными знаменателями/)).toBeInTheDocument();

  await user.click(screen.getByRole("button", { name: "Скачать fractions.pdf" }));

  await vi.waitFor(() => expect(click).toHaveBeenCalledOnce());
  const download = server.calls.find((call) => call.path.endsWith(`/files/${fileId}`));
  expect(download?.authorization).toBe("Bearer access-1");
  expect(await (createObjectURL.mock.calls[0]?.[0] as Blob).text()).toBe("%PDF-1.7");
  expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe("fractions.pdf");
});

test("a plan one may not see reads as not found", async () => {
  renderApp(null, {
    route: `/study-plans/${ids.plan}`,
    routes: { [`GET /api/v1/study-plans/${ids.plan}`]: () => problem(404, "No such study plan.") },
  });

  expect(await screen.findByText("Учебный план не найден.")).toBeInTheDocument();
});
