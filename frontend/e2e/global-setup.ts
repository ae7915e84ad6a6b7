import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { ensureChromium } from "./chromium";
import { startPlatform } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    chromium: string;
    artifacts: string;
  }
}

const frontend = resolve(fileURLToPath(new URL("..", import.meta.url)));

export default async function setup(project: TestProject) {
  // E2E_DIST names another build (two builds side by side); the default is the app's own.
  const dist = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : join(frontend, "dist");
  const artifacts = join(frontend, "e2e", "artifacts");
  mkdirSync(artifacts, { recursive: true });
  const chromium = ensureChromium();
  const platform = await startPlatform(
    resolve(frontend, ".."),
    dist,
    join(artifacts, `server-${process.pid}.log`),
  );
  project.provide("baseUrl", platform.url);
  project.provide("chromium", chromium);
  project.provide("artifacts", artifacts);
  return platform.stop;
}
