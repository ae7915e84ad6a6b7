import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * The browser: $CHROMIUM_PATH, or Debian's chromium package, installed here when it is missing
 * (Playwright's own browser downloads are not reachable from this network).
 */
export function ensureChromium(): string {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} does not exist`);
    return chosen;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  console.log("e2e: installing Debian's chromium package (apt-get install -y chromium)…");
  const asRoot = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  const apt = (...args: string[]) => {
    const [command, ...rest] = [...asRoot, "apt-get", ...args];
    execFileSync(command as string, rest, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  };
  try {
    apt("install", "-y", "--no-install-recommends", "chromium");
  } catch {
    // A machine that never ran `apt-get update` has no package lists yet.
    apt("update");
    apt("install", "-y", "--no-install-recommends", "chromium");
  }
  if (!existsSync(DEBIAN_CHROMIUM))
    throw new Error("chromium was installed but is not at " + DEBIAN_CHROMIUM);
  return DEBIAN_CHROMIUM;
}
