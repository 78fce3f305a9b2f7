// Starts the real app (the same entry point as `npm run demo`) on a free port with its own SQLite file,
// and a headless Debian Chromium through playwright-core.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const ARTIFACTS = join(process.cwd(), "test-results", "e2e");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export type App = { url: string; databaseUrl: string; stop: () => Promise<void>; output: () => string };

export async function startDemoApp(env: Record<string, string> = {}): Promise<App> {
  return startApp("scripts/demo.ts", { DEMO_STORES: "off", ...env });
}

/** The built app as `npm start` runs it (server/start.ts), with the environment given. */
export async function startServer(env: Record<string, string>, port?: number): Promise<App> {
  return startApp("server/start.ts", env, port);
}

export { freePort };

async function startApp(script: string, env: Record<string, string>, fixedPort?: number): Promise<App> {
  const port = fixedPort ?? (await freePort());
  const dir = join(process.cwd(), "test", ".tmp", `e2e-${port}`);
  mkdirSync(dir, { recursive: true });
  let output = "";
  const child: ChildProcess = spawn("npx", ["tsx", script], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, "demo.sqlite")}`,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${output}`);
    const ready = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (Date.now() >= deadline) throw new Error(`app did not become healthy:\n${output}`);
  return {
    url,
    databaseUrl: `file:${join(dir, "demo.sqlite")}`,
    output: () => output,
    stop: async () => {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
