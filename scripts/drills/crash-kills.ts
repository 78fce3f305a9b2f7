import { sleep } from "../../jobs/timing.ts";
import type { AppProcess } from "./support/app-process.ts";
import { between, type Random } from "./support/traffic.ts";

// The crash drill's chaos: kill -9 (SIGKILL, no shutdown hook runs) of a web or worker process at seeded moments,
// each restarted after a short seeded pause. A moment is a number of inbox events received (with a little jitter in
// milliseconds), so the schedule spreads over the traffic whatever the machine's speed.

export type PlannedKill = {
  /** Kill once this many events of the drill have been received... */
  afterEvents: number;
  /** ...and this much longer, so the kill lands anywhere in the work the events started. */
  jitterMs: number;
  /** Index into the cluster's processes. */
  target: number;
  /** How long the process stays dead before it is started again. */
  pauseMs: number;
};

export type KillRecord = {
  process: string;
  pid: number | undefined;
  atSeconds: number;
  afterEvents: number;
  downMs: number;
  restartMs: number;
};

export function planKills(
  random: Random,
  options: { kills: number; events: number; processes: number },
): PlannedKill[] {
  const plan = Array.from({ length: options.kills }, () => ({
    // Between 3% and 90% of the traffic: the first events are through, and the last kill leaves traffic after it.
    afterEvents: Math.round(options.events * (0.03 + random() * 0.87)),
    jitterMs: between(random, 0, 800),
    target: between(random, 0, options.processes - 1),
    pauseMs: between(random, 200, 3_000),
  }));
  return plan.sort((a, b) => a.afterEvents - b.afterEvents);
}

/**
 * Starts the process again as a supervisor would: a start that fails (another drill rebuilding the shared build/ at
 * that moment, say) is tried again a few times.
 */
async function restart(target: AppProcess, log: (line: string) => void) {
  for (let attempt = 1; ; attempt++) {
    try {
      await target.start();
      return;
    } catch (error) {
      if (attempt >= 6) throw error;
      const reason = error instanceof Error ? (error.message.match(/"message":"([^"]+)"/)?.[1] ?? error.message) : "";
      log(`${target.name} failed to start (${reason.slice(0, 120)}); starting it again in 5 s`);
      await sleep(5_000);
    }
  }
}

/**
 * Runs the plan: waits for each kill's moment, kills the process with SIGKILL (its whole process group), waits the
 * pause and starts it again (resolving once it is ready, as a supervisor would). Kills run one after another.
 */
export async function runKills(
  plan: PlannedKill[],
  processes: AppProcess[],
  options: { received: () => number; started: number; log: (line: string) => void; aborted: () => boolean },
): Promise<KillRecord[]> {
  const records: KillRecord[] = [];
  for (const [index, kill] of plan.entries()) {
    while (options.received() < kill.afterEvents) {
      if (options.aborted()) return records;
      await sleep(50);
    }
    await sleep(kill.jitterMs);
    const target = processes[kill.target]!;
    const pid = target.pid;
    const killedAt = Date.now();
    await target.kill("SIGKILL");
    await sleep(kill.pauseMs);
    const restarting = Date.now();
    await restart(target, options.log);
    const ready = Date.now();
    records.push({
      process: target.name,
      pid,
      atSeconds: (killedAt - options.started) / 1000,
      afterEvents: options.received(),
      downMs: ready - killedAt,
      restartMs: ready - restarting,
    });
    options.log(
      `kill ${index + 1}/${plan.length}: ${target.name} (pid ${pid}) at ${options.received()} events, ` +
        `down ${((ready - killedAt) / 1000).toFixed(1)} s`,
    );
  }
  return records;
}
