import type { JobQueue } from "../../jobs/queue";
import type { Db } from "../db.server";

export type Health = {
  status: "ok" | "unavailable";
  database: { provider: string; ok: boolean; error?: string };
  queue: { driver: string; ok: boolean; error?: string };
};

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

/** Database and queue reachable: what a load balancer or orchestrator needs to know. */
export async function checkHealth(db: Db, provider: string, queue: JobQueue): Promise<Health> {
  const [database, queueCheck] = await Promise.all([
    withTimeout(db.$queryRawUnsafe("SELECT 1"), 2_000).then(
      () => ({ ok: true }),
      (error: Error) => ({ ok: false, error: error.message }),
    ),
    withTimeout(queue.ping(), 2_000).then(
      (ok) => (ok ? { ok: true } : { ok: false, error: "ping failed" }),
      (error: Error) => ({ ok: false, error: error.message }),
    ),
  ]);
  return {
    status: database.ok && queueCheck.ok ? "ok" : "unavailable",
    database: { provider, ...database },
    queue: { driver: queue.driver, ...queueCheck },
  };
}
