import { type ChildProcess, spawn } from "node:child_process";
import { sleep } from "../../../jobs/timing.ts";

// One ChannelLedger process of a drill (`npm start` or `npm run worker`), started with tsx as the operator would, in
// its own process group so a kill reaches tsx's child too. A drill kills and restarts these at will.

export type Role = "web" | "worker";

export type AppProcess = {
  readonly role: Role;
  readonly name: string;
  /** The web process's own address (not the balancer's); undefined for workers. */
  readonly url: string | undefined;
  readonly pid: number | undefined;
  alive(): boolean;
  /** Starts the process again (after a kill); resolves once it is ready. */
  start(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  output(): string;
};

const SCRIPTS: Record<Role, string> = { web: "server/start.ts", worker: "server/worker.ts" };
const KEEP_OUTPUT = 200_000;
// Generous: a drill may start processes while the machine is busy with the others it runs.
const READY_TIMEOUT_MS = 180_000;

export function appProcess(options: { role: Role; name: string; env: Record<string, string>; port?: number }) {
  let child: ChildProcess | undefined;
  let output = "";
  const url = options.role === "web" ? `http://127.0.0.1:${options.port}` : undefined;

  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const waitReady = async () => {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!alive()) throw new Error(`${options.name} exited while starting:\n${output.slice(-4000)}`);
      if (url) {
        const ready = await fetch(`${url}/healthz`).then(
          (response) => response.ok,
          () => false,
        );
        if (ready) return;
      } else if (output.includes("worker ready")) {
        return;
      }
      await sleep(200);
    }
    throw new Error(`${options.name} did not become ready in ${READY_TIMEOUT_MS / 1000} s:\n${output.slice(-4000)}`);
  };

  const handle: AppProcess = {
    role: options.role,
    name: options.name,
    url,
    get pid() {
      return child?.pid;
    },
    alive,
    async start() {
      if (alive()) return;
      const started = spawn(process.execPath, ["--import", "tsx", SCRIPTS[options.role]], {
        env: {
          ...process.env,
          LOG_LEVEL: "info",
          ...options.env,
          ...(options.port ? { PORT: String(options.port) } : {}),
        },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      const keep = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.length > KEEP_OUTPUT) output = output.slice(-KEEP_OUTPUT / 2);
      };
      started.stdout?.on("data", keep);
      started.stderr?.on("data", keep);
      child = started;
      await waitReady();
    },
    async kill(signal) {
      const running = child;
      if (!running?.pid || !alive()) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      try {
        process.kill(-running.pid, signal);
      } catch {
        // Already gone.
      }
      await exited;
    },
    output: () => output,
  };
  return handle;
}
