import { json, type Handler } from "../test/fakeServer";
import { renderApp } from "../test/render";

/** The whole app at `route` for the learning tests: uploads kept, no submissions waiting. */
export function renderLearning(route: string, routes: Record<string, Handler>) {
  return renderApp(null, {
    route,
    routes: {
      "GET /api/v1/submissions": () => json({ items: [], total: 0, limit: 1, offset: 0 }),
      ...routes,
    },
    keepUploads: true,
  });
}
