import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CannonJob, CannonResult } from "./cannon-job.ts";

// The load process's side of the load generator: one long-lived child (cannon.ts) that takes one job at a time.

export type Cannon = {
  readonly pid: number | undefined;
  run(job: CannonJob): Promise<CannonResult>;
  stop(): Promise<void>;
};

type Answer = { ready: true } | { ok: true; result: CannonResult } | { ok: false; error: string };

const SCRIPT = fileURLToPath(new URL("./cannon.ts", import.meta.url));

export async function startCannon(): Promise<Cannon> {
  const child: ChildProcess = fork(SCRIPT, [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let pending: { resolve: (result: CannonResult) => void; reject: (error: Error) => void } | undefined;
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  child.on("message", (answer: Answer) => {
    if ("ready" in answer) return ready();
    const waiting = pending;
    pending = undefined;
    if (!waiting) return;
    if (answer.ok) waiting.resolve(answer.result);
    else waiting.reject(new Error(`load generator failed: ${answer.error}`));
  });
  child.on("exit", (code, signal) => {
    pending?.reject(new Error(`load generator exited (${code ?? signal})`));
    pending = undefined;
  });
  await readyPromise;
  return {
    pid: child.pid,
    run(job) {
      if (pending) return Promise.reject(new Error("the load generator is already running a job"));
      return new Promise<CannonResult>((resolve, reject) => {
        pending = { resolve, reject };
        child.send(job);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.disconnect();
      await exited;
    },
  };
}
