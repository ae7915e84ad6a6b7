import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The browser tests: Node drives Debian's chromium through playwright-core against the real
// platform (`thebot run` on the embedded default with the demo school), one file at a time.
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
