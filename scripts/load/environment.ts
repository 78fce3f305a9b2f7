import { Redis } from "ioredis";
import { codeInfo, machineInfo } from "../../bench/lib/machine.ts";
import type { Cluster } from "../drills/support/cluster.ts";

// What the figures were measured on: the machine, the code, and the versions of what the app ran on.

export async function versions(cluster: Cluster) {
  const db = cluster.db;
  const database =
    cluster.mode === "embedded"
      ? `SQLite ${(await db.$queryRawUnsafe<{ v: string }[]>("SELECT sqlite_version() AS v"))[0]?.v}`
      : ((await db.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v"))[0]?.v.split(" on ")[0] ?? "PostgreSQL");
  let redis: string | undefined;
  if (cluster.env.REDIS_URL) {
    const client = new Redis(cluster.env.REDIS_URL, { maxRetriesPerRequest: 1 });
    const info = await client.info("server");
    client.disconnect();
    redis = `Redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? "?"}`;
  }
  return { node: process.version, database, ...(redis ? { redis } : {}) };
}

export function environment() {
  return { date: new Date().toISOString(), machine: machineInfo(), code: codeInfo() };
}
