import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { createDb, prepareDb, type Db } from "../../../app/db.server.ts";
import { freePort } from "../../../test/e2e/harness.ts";
import { migrate } from "../../../prisma/migrate.ts";
import { ensureBuild } from "../../ensure-build.ts";
import { appProcess, type AppProcess } from "./app-process.ts";
import { startBalancer, type Balancer } from "./balancer.ts";

// The app as an operator runs it, in either of its two modes:
// - embedded: one `npm start` process on a SQLite file, jobs in-process (the default install);
// - scale-out: PostgreSQL and Redis, several `npm start` web processes behind a balancer (RUN_WORKERS=false) and
//   several `npm run worker` processes (docs/scale-out.md).
// Each cluster has its own database (a new SQLite file or PostgreSQL database) and its own Redis database, dropped at
// the end.

export type Mode = "embedded" | "scale-out";

export type ClusterOptions = {
  mode: Mode;
  /** Environment for every process (Shopify keys, poll intervals...). */
  env: Record<string, string>;
  webs?: number;
  workers?: number;
  /** Fix the public port (the balancer's) so it can be named before the cluster starts. */
  port?: number;
};

export type Cluster = {
  mode: Mode;
  /** The public address: the balancer's in scale-out mode, the one web process's in embedded mode. */
  url: string;
  databaseUrl: string;
  env: Record<string, string>;
  db: Db;
  processes: AppProcess[];
  webs: AppProcess[];
  workers: AppProcess[];
  stop(): Promise<void>;
};

const PG_ADMIN_URL =
  process.env.DRILL_PG_URL ?? process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_BASE_URL = process.env.DRILL_REDIS_URL ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  ensureBuild((line) => process.stderr.write(`${line}\n`));
  const storage = options.mode === "embedded" ? await sqliteStorage() : await postgresStorage();
  const redisUrl = options.mode === "scale-out" ? await freshRedis() : undefined;
  await migrate(storage.url);
  const publicPort = options.port ?? (await freePort());

  const env: Record<string, string> = {
    NODE_ENV: "test",
    SESSION_SECRET: randomBytes(24).toString("hex"),
    SHOPIFY_APP_URL: `http://127.0.0.1:${publicPort}`,
    ...options.env,
    DATABASE_URL: storage.url,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  const processes: AppProcess[] = [];
  let balancer: Balancer | undefined;
  const webCount = options.mode === "embedded" ? 1 : (options.webs ?? 2);
  const workerCount = options.mode === "embedded" ? 0 : (options.workers ?? 2);
  for (let index = 0; index < webCount; index++) {
    const port = options.mode === "embedded" ? publicPort : await freePort();
    const webEnv = options.mode === "scale-out" ? { ...env, RUN_WORKERS: "false" } : env;
    processes.push(appProcess({ role: "web", name: `web-${index + 1}`, env: webEnv, port }));
  }
  for (let index = 0; index < workerCount; index++) {
    processes.push(appProcess({ role: "worker", name: `worker-${index + 1}`, env }));
  }
  const webs = processes.filter((entry) => entry.role === "web");
  const workers = processes.filter((entry) => entry.role === "worker");
  const db = createDb(storage.url);

  const stop = async () => {
    await Promise.all(processes.map((entry) => entry.kill("SIGTERM")));
    await balancer?.close();
    await db.$disconnect();
    if (redisUrl) await flushRedis(redisUrl);
    await storage.drop();
  };
  try {
    await prepareDb(db, storage.url);
    await Promise.all(processes.map((entry) => entry.start()));
    if (options.mode === "scale-out") {
      balancer = await startBalancer(() => webs.filter((web) => web.alive()).map((web) => web.url!), publicPort);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    mode: options.mode,
    url: options.mode === "scale-out" ? balancer!.url : webs[0]!.url!,
    databaseUrl: storage.url,
    env,
    db,
    processes,
    webs,
    workers,
    stop,
  };
}

type Storage = { url: string; drop(): Promise<void> };

async function sqliteStorage(): Promise<Storage> {
  const dir = resolve("test", ".tmp", "drills");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `drill-${randomUUID()}.sqlite`);
  return {
    url: `file:${file}`,
    drop: async () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  };
}

async function postgresStorage(): Promise<Storage> {
  const name = `cl_drill_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A Redis database (1-15) no other drill holds: claimed with a key, flushed at the end. */
async function freshRedis(): Promise<string> {
  const base = REDIS_BASE_URL.replace(/\/\d*$/, "");
  for (let index = 1; index <= 15; index++) {
    const url = `${base}/${index}`;
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    try {
      const claimed = await redis.set("channelledger-drill:owner", String(process.pid), "EX", 7200, "NX");
      if (claimed === "OK" && (await redis.dbsize()) === 1) return url;
      if (claimed === "OK") await redis.del("channelledger-drill:owner");
    } finally {
      redis.disconnect();
    }
  }
  throw new Error(`no free Redis database at ${base} (databases 1-15 are all in use)`);
}

async function flushRedis(url: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
