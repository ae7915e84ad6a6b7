import { screen, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { signedInAs, teacherUser } from "../test/accounts";
import { json } from "../test/fakeServer";
import { ids, parentDashboard, parentUser } from "../test/fixtures";
import { plain, renderApp } from "../test/render";
import { receivedReport, reportPage, sentReport } from "./reportFixtures";

// Typing through user-event is slow on a busy machine.
const SLOW = 20_000;

afterEach(() => vi.restoreAllMocks());

/** The platform as the parent sees it: one report, unread until POST …/read. */
function parentRoutes() {
  let read = false;
  return {
    ...signedInAs(parentUser),
    "GET /api/v1/reports": (request: Request) => {
      const unreadOnly = new URL(request.url).searchParams.get("unread") === "true";
      if (unreadOnly) return reportPage(read ? [] : [receivedReport(false)], read ? 0 : 1);
      return reportPage([receivedReport(read)], read ? 0 : 1);
    },
    [`GET /api/v1/reports/${ids.report}`]: () => json(receivedReport(read)),
    [`POST /api/v1/reports/${ids.report}/read`]: () => {
      read = true;
      return json(receivedReport(true));
    },
    "GET /api/v1/dashboard/parent": () =>
      json({ ...parentDashboard, unread_reports: read ? [] : parentDashboard.unread_reports }),
  };
}

const readCalls = (calls: { method: string; path: string }[]) =>
  calls.filter((call) => call.method === "POST" && call.path.endsWith("/read"));

test(
  "a recipient's unread report comes first, opening it marks it read once, and the list follows",
  async () => {
    const { user, server } = renderApp(null, { route: "/reports", routes: parentRoutes() });

    const unread = await screen.findByRole("region", { name: "Непрочитанные" });
    const link = await within(unread).findByRole("link", { name: sentReport.title });
    expect(link.closest("li")).toHaveTextContent("новый");
    expect(screen.queryByRole("link", { name: "Написать отчёт" })).toBeNull();
    await user.click(link);

    expect(await screen.findByRole("heading", { level: 1, name: sentReport.title })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Итоги" })).toHaveTextContent("уверенно работает с дробями");
    expect(plain(document.querySelector(".facts")?.textContent)).toContain("Прогресс, %75 %");
    await vi.waitFor(() => expect(readCalls(server.calls)).toHaveLength(1));

    await user.click(screen.getByRole("link", { name: "Все отчёты" }));
    const after = await screen.findByRole("region", { name: "Непрочитанные" });
    expect(await within(after).findByText("Непрочитанных отчётов нет.")).toBeInTheDocument();
    const all = screen.getByRole("region", { name: "Все отчёты" });
    expect(await within(all).findByText(/прочитан$/)).toBeInTheDocument();
    expect(readCalls(server.calls)).toHaveLength(1);
  },
  SLOW,
);

test(
  "the dashboard's unread report opens its page and is no longer unread on return",
  async () => {
    const { user, server } = renderApp(null, { route: "/dashboard/parent", routes: parentRoutes() });

    const block = await screen.findByRole("region", { name: "Непрочитанные отчёты" });
    await user.click(within(block).getByRole("link", { name: sentReport.title }));
    await screen.findByRole("heading", { level: 1, name: sentReport.title });
    await vi.waitFor(() => expect(readCalls(server.calls)).toHaveLength(1));

    await user.click(screen.getByRole("link", { name: "Главная" }));
    const again = await screen.findByRole("region", { name: "Непрочитанные отчёты" });
    expect(await within(again).findByText("Пока ничего нет.")).toBeInTheDocument();
    expect(readCalls(server.calls)).toHaveLength(1);
  },
  SLOW,
);

test(
  "the author sees who has read a sent report, and reading it marks nothing",
  async () => {
    const { server } = renderApp(null, {
      route: `/reports/${ids.report}`,
      routes: { ...signedInAs(teacherUser), [`GET /api/v1/reports/${ids.report}`]: () => json(sentReport) },
    });

    const recipients = await screen.findByRole("region", { name: "Получатели" });
    expect(recipients).toHaveTextContent("Ольга Иванова (родитель) · не прочитан");
    expect(screen.queryByRole("region", { name: "Трудности" })).toBeNull();
    expect(readCalls(server.calls)).toHaveLength(0);
  },
  SLOW,
);
