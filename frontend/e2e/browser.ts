import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "playwright-core";
import { inject } from "vitest";

export const PASSWORD = "demo-pass-2026";
export const baseUrl = () => inject("baseUrl");

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject("chromium"),
    headless: true,
    // Containers give /dev/shm little room; chromium then crashes on large pages.
    args: ["--disable-dev-shm-usage"],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Every console.error and uncaught error of the page so far: a test expects none. */
  errors: string[];
}

/** A fresh context and page; `options` adds to the defaults (e.g. bypassCSP to inject a checker). */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "ru-RU",
    ...options,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  return { context, page, errors };
}

/** Signs a demo account in through the form (in Russian, the default language). */
export async function signIn(page: Page, account: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel("Электронная почта").fill(`${account}@demo.thebot.local`);
  await page.getByLabel("Пароль", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}
