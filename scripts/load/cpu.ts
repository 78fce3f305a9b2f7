import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";

// Where the CPU went during a run: each app process, the load generator, the load process itself (balancer and
// simulated stores), the PostgreSQL backends of the run's database, the Redis server, and the whole machine (which
// shows what other users of the machine took). Read from /proc (Linux): utime + stime of each process.

const TICKS_PER_SECOND = 100;

export type CpuTarget = { name: string; pid: () => number | undefined };
export type CpuSnapshot = { at: number; byName: Record<string, number>; machine: { busy: number; total: number } };
/** Share of one core per name (1 = one core busy the whole time), and the machine's busy share of all cores. */
export type CpuUsage = { cores: Record<string, number>; machineBusy: number };

function processSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command: state is field 3, utime 14 and stime 15 (1-based over the whole line).
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function machineTicks() {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

export type CpuSampler = { snapshot(): Promise<CpuSnapshot>; close(): Promise<void> };

export async function cpuSampler(options: {
  targets: CpuTarget[];
  /** The PostgreSQL database whose backends count (scale-out). */
  pg?: { adminUrl: string; database: string };
  redisUrl?: string;
}): Promise<CpuSampler> {
  let pgClient: pg.Client | undefined;
  if (options.pg) {
    pgClient = new pg.Client({ connectionString: options.pg.adminUrl });
    await pgClient.connect();
  }
  let redisPid: number | undefined;
  if (options.redisUrl) {
    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
    const info = await redis.info("server");
    redis.disconnect();
    redisPid = Number(/process_id:(\d+)/.exec(info)?.[1]) || undefined;
  }
  // PostgreSQL backends come and go; each is remembered with its CPU at the last snapshot.
  const backends = new Map<number, number>();
  let pgTotal = 0;
  return {
    async snapshot() {
      const byName: Record<string, number> = {};
      for (const target of options.targets) {
        const pid = target.pid();
        const seconds = pid === undefined ? undefined : processSeconds(pid);
        if (seconds !== undefined) byName[target.name] = seconds;
      }
      const self = process.cpuUsage();
      byName["load process"] = (self.user + self.system) / 1e6;
      if (pgClient && options.pg) {
        const { rows } = await pgClient.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [options.pg.database],
        );
        for (const { pid } of rows) {
          const seconds = processSeconds(pid);
          if (seconds === undefined) continue;
          pgTotal += seconds - (backends.get(pid) ?? 0);
          backends.set(pid, seconds);
        }
        byName.postgresql = pgTotal;
      }
      if (redisPid !== undefined) {
        const seconds = processSeconds(redisPid);
        if (seconds !== undefined) byName["redis (shared)"] = seconds;
      }
      return { at: Date.now(), byName, machine: machineTicks() };
    },
    async close() {
      await pgClient?.end();
    },
  };
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsage {
  const wall = Math.max(0.001, (after.at - before.at) / 1000);
  const cores: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(after.byName)) {
    const start = before.byName[name];
    if (start === undefined) continue;
    cores[name] = Math.round(((seconds - start) / wall) * 100) / 100;
  }
  const ticks = after.machine.total - before.machine.total;
  const machineBusy = ticks > 0 ? Math.round(((after.machine.busy - before.machine.busy) / ticks) * 100) / 100 : 0;
  return { cores, machineBusy };
}
