import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { baseUrl, launch, openPage, signIn } from "./browser";

// axe-core's rules for WCAG 2.1 A and AA, run in each page as a user sees it (the context
// bypasses the page's CSP, which rightly refuses an injected script).
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const CHECK = `axe.run(document, {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
}).then((result) => result.violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")))`;

const PAGES: Record<string, string[]> = {
  "masha.ivanova": [
    "/dashboard/student",
    "/chats",
    "/schedule",
    "/materials",
    "/homework",
    "/study-plans",
    "/notifications",
    "/profile",
  ],
  "anna.smirnova": [
    "/dashboard/teacher",
    "/schedule?view=list",
    "/submissions",
    "/reports/new",
    "/study-plans/new",
    "/materials/new",
    "/homework/new",
  ],
  "elena.kuznetsova": ["/dashboard/tutor", "/students", "/students/new", "/reports"],
  "olga.ivanova": ["/dashboard/parent", "/payments", "/reports"],
  admin: ["/admin", "/admin/users/new", "/admin/subjects", "/admin/audit"],
};

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

async function violations(page: Page, path: string): Promise<string[]> {
  await page.goto(`${baseUrl()}${path}`);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.waitForLoadState("networkidle");
  await page.addScriptTag({ path: AXE });
  const found = (await page.evaluate(CHECK)) as string[];
  return found.map((line) => `${path}: ${line}`);
}

test("the sign-in page has no serious accessibility violation", async () => {
  const { context, page, errors } = await openPage(browser, { bypassCSP: true });
  try {
    expect(await violations(page, "/login")).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

for (const [account, paths] of Object.entries(PAGES)) {
  test(`${account}'s pages have no serious accessibility violation (WCAG 2.1 AA, axe-core)`, async () => {
    const { context, page, errors } = await openPage(browser, { bypassCSP: true });
    try {
      await signIn(page, account);
      const found: string[] = [];
      for (const path of paths) found.push(...(await violations(page, path)));
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
}
