import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunningPlatform {
  url: string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the platform exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet: migrations and the demo seed run first.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the platform did not answer ${url}/health within ${seconds} s`);
}

/**
 * `thebot run` as an operator starts it: development, the embedded default, a fresh data
 * directory (so the demo school is seeded), serving this build. It runs in an empty directory
 * with no THEBOT_* variables inherited, so that no developer's `.env` or settings change it.
 */
export async function startPlatform(repository: string, dist: string, log: string): Promise<RunningPlatform> {
  const thebot = join(repository, ".venv", "bin", "thebot");
  if (!existsSync(thebot)) throw new Error(`${thebot} is missing: run \`make install\` first`);
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(`${dist} has no build: run \`npm run build\` (or \`make web\`) first`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "thebot-e2e-"));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("THEBOT_")));
  const server = spawn(thebot, ["run", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: dataDir,
    env: {
      ...env,
      THEBOT_ENV: "development",
      THEBOT_DATA_DIR: dataDir,
      THEBOT_WEB_DIST_DIR: dist,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = createWriteStream(log);
  server.stdout?.pipe(output);
  server.stderr?.pipe(output);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      const timer = setTimeout(() => server.kill("SIGKILL"), 25_000);
      await exited;
      clearTimeout(timer);
    }
    output.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, server, 120);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; see ${log}`);
  }
  return { url, stop };
}
