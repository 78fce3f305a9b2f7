// Everything measured on one database: a fresh migrated database, the seeded shop, the app started on it, the
// acknowledgement runs, the processing runs, and the consistency check; then the app stops and the database goes.
import { createDb, prepareDb, type Db } from "../../app/db.server.ts";
import { onCleanup } from "../lib/cleanup.ts";
import { removeIfEmpty, scanLog, type LogSummary } from "../lib/log-scan.ts";
import { ackRuns, measureAck, type AckResults } from "./ack.ts";
import { checkConsistency, type Consistency } from "./consistency.ts";
import { createPostgresDatabase, createSqliteDatabase, DEFAULT_PG_URL, type DatabaseName } from "./databases.ts";
import { seconds } from "./format.ts";
import { waitForDrain, type DrainResult } from "./inbox-status.ts";
import { createOrderWebhookFactory } from "./order-webhooks.ts";
import { measureProcessing, type ProcessingRun } from "./processing.ts";
import { BENCH_SHOP_DOMAIN } from "./catalog.ts";
import { seedBenchShop } from "./seed.ts";
import { startApp } from "./servers.ts";
import type { LedgerSettings } from "./settings.ts";

export type DatabaseResult =
  | { database: DatabaseName; skipped: string }
  | { database: DatabaseName; failed: string }
  | {
      database: DatabaseName;
      location: string;
      ack: AckResults;
      processing: ProcessingRun[];
      drains: (DrainResult & { before: string })[];
      consistency: Consistency;
      appLog: LogSummary & { file: string };
    };

type Context = { settings: LedgerSettings; secret: string; stamp: string };

export async function runOnDatabase(name: DatabaseName, context: Context): Promise<DatabaseResult> {
  const database =
    name === "sqlite"
      ? await createSqliteDatabase(context.stamp)
      : await createPostgresDatabase(process.env.BENCH_PG_URL ?? DEFAULT_PG_URL, context.stamp);
  if ("skipped" in database) return { database: name, skipped: database.skipped };
  console.log(`  database: ${database.label}`);
  const db = createDb(database.url);
  const disconnect = onCleanup(`disconnect from ${name}`, () => db.$disconnect());
  try {
    await prepareDb(db, database.url);
    return await measure(name, database.label, database.url, db, context);
  } finally {
    disconnect();
    await db.$disconnect();
    await database.drop();
  }
}

async function measure(name: DatabaseName, location: string, url: string, db: Db, context: Context) {
  const { settings } = context;
  const shop = await seedBenchShop(db);
  const app = await startApp({ name, databaseUrl: url, secret: context.secret, stamp: context.stamp });
  try {
    console.log(`  app: npx tsx server/start.ts on 127.0.0.1:${app.target.port} (log: ${app.child.logFile})`);
    const drains: (DrainResult & { before: string })[] = [];
    const drain = async (before: string) => {
      const result = await waitForDrain(db, shop.shopId, settings.drainTimeoutMs);
      drains.push({ ...result, before });
      if (!result.drained) {
        console.log(
          `  ! ${result.counts.unfinished} inbox events still unfinished after ${seconds(result.waitedMs)}; going on`,
        );
      }
    };
    const factory = createOrderWebhookFactory({ secret: context.secret, shopDomain: BENCH_SHOP_DOMAIN });
    const ack = await measureAck(app.target, factory, settings, { beforeRun: drain });

    const processing: ProcessingRun[] = [];
    for (let run = 1; run <= settings.runs; run += 1) {
      await drain(`processing ${run}`);
      const result = await measureProcessing(app.target, db, shop.shopId, factory, settings);
      processing.push(result);
      const f = result.figures;
      console.log(
        `  processing ${f.orders} orders, run ${run}/${settings.runs}: ${f.ordersPerSecond.toFixed(1)} orders/s` +
          `${result.complete ? "" : " (INCOMPLETE)"}; acknowledged ${f.accepted} in ${seconds(f.ackMs)} ` +
          `(${f.ackPerSecond.toFixed(0)}/s), all done after ${seconds(f.doneMs)}, ${seconds(f.tailMs)} after the last ack`,
      );
    }

    await drain("consistency check");
    const runs = [...ackRuns(ack), ...processing.map((run) => run.ack)];
    const consistency = await checkConsistency(db, shop.shopId, {
      acknowledged: runs.reduce((sum, run) => sum + run.figures.ok, 0),
      unanswered: runs.reduce((sum, run) => sum + run.figures.sent - run.figures.answered, 0),
    });
    await app.child.stop();
    const appLog = { ...scanLog(app.child.logFile), file: app.child.logFile };
    removeIfEmpty(app.child.logFile);
    return { database: name, location, ack, processing, drains, consistency, appLog } satisfies DatabaseResult;
  } finally {
    await app.child.stop();
  }
}
