// A server under test, started as a child in its own process group (npx and tsx start grandchildren) so that one
// signal to the group stops all of it. Output goes to a log file; stopping is bounded: SIGTERM, then SIGKILL.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { onCleanup, trackProcessGroup } from "./cleanup.ts";
import { sleep } from "./sleep.ts";

export type ChildHandle = {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or the signal's name) once the child has exited. */
  exited: Promise<number | string>;
  isRunning: () => boolean;
  stop: () => Promise<void>;
  /** The last lines of the child's log, for error messages. */
  logTail: (lines?: number) => string;
};

export type ChildOptions = { cwd: string; env: NodeJS.ProcessEnv; logFile: string };

const TERM_GRACE_MS = 10_000;
const KILL_GRACE_MS = 5_000;

export function startChild(name: string, command: string, args: string[], options: ChildOptions): ChildHandle {
  const log = openSync(options.logFile, "a");
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  const untrack = trackProcessGroup(pid);
  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      running = false;
      resolve(code ?? signal ?? "unknown");
    });
    child.once("error", () => {
      running = false;
      resolve("spawn error");
    });
  });

  const signal = (target: number, name: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(target, name);
      return true;
    } catch {
      return false; // Gone already.
    }
  };
  const signalGroup = (name: NodeJS.Signals | 0) => signal(-pid, name);
  // npx and tsx exit before the server they started: wait for the whole group, not just the direct child.
  const waitGroupGone = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!signalGroup(0)) return true;
      await sleep(100);
    }
    return !signalGroup(0);
  };

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // The whole group, as a terminal's Ctrl+C would: tsx expects its child to get the signal directly.
      signalGroup("SIGTERM");
      if (!(await waitGroupGone(TERM_GRACE_MS))) {
        signalGroup("SIGKILL");
        await waitGroupGone(KILL_GRACE_MS);
      }
      untrack();
      unregister();
    })();
    return stopping;
  };
  const unregister = onCleanup(`stop ${name}`, stop);

  return {
    name,
    pid,
    logFile: options.logFile,
    exited,
    isRunning: () => running,
    stop,
    logTail: (lines = 20) => readFileSync(options.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n"),
  };
}
