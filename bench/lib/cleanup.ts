// Everything a benchmark starts is registered here, so that a normal end, an error, Ctrl+C or a crash all stop
// the child processes and remove temporary databases. Each step is bounded in time.

type CleanupStep = { name: string; run: () => Promise<void> | void };

const steps: CleanupStep[] = [];
const processGroups = new Set<number>();
const STEP_TIMEOUT_MS = 20_000;
let installed = false;
let running: Promise<void> | undefined;

/** Registers a step; returns a function that unregisters it (call it once the step has been done by hand). */
export function onCleanup(name: string, run: () => Promise<void> | void): () => void {
  const step = { name, run };
  steps.push(step);
  return () => {
    const index = steps.indexOf(step);
    if (index >= 0) steps.splice(index, 1);
  };
}

/** A child started in its own process group: killed with SIGKILL on exit if it is still there. */
export function trackProcessGroup(pid: number): () => void {
  processGroups.add(pid);
  return () => processGroups.delete(pid);
}

/** Runs the registered steps, newest first, each at most STEP_TIMEOUT_MS. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          console.error(`cleanup: ${step.name} took more than ${STEP_TIMEOUT_MS / 1000} s; moving on`);
          resolve();
        }, STEP_TIMEOUT_MS);
      });
      try {
        await Promise.race([Promise.resolve().then(step.run), timeout]);
      } catch (error) {
        console.error(`cleanup: ${step.name} failed: ${(error as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
  })().finally(() => {
    running = undefined;
  });
  return running;
}

function killRemainingGroups() {
  for (const pid of processGroups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  processGroups.clear();
}

/** Signals and crashes run the cleanups, then exit; a last synchronous sweep kills any child left. */
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  const stop = (code: number, message: string) => {
    console.error(`\n${message}: stopping child processes and removing temporary databases...`);
    void runCleanups().finally(() => process.exit(code));
  };
  process.once("SIGINT", () => stop(130, "Interrupted"));
  process.once("SIGTERM", () => stop(143, "Terminated"));
  process.once("SIGHUP", () => stop(129, "Hung up"));
  process.once("uncaughtException", (error) => stop(1, `Crashed: ${error.stack ?? error.message}`));
  process.once("unhandledRejection", (reason) => stop(1, `Crashed: ${String((reason as Error)?.stack ?? reason)}`));
  process.on("exit", killRemainingGroups);
}
