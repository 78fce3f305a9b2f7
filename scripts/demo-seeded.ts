// DEMO_STORES=off: the fixed demo shop seeded straight into the ledger, without stores behind its channels. The same
// data on every run, which the browser tests and screenshots rely on.
import { rmSync } from "node:fs";
import { createDb, prepareDb } from "../app/db.server.ts";
import { getLogger } from "../app/logger.server.ts";
import { seedDemoShop } from "../app/services/demo-seed.server.ts";
import { migrate, sqliteFilePath } from "../prisma/migrate.ts";
import { startServer } from "../server/app.ts";
import { configOrExit } from "../server/config-or-exit.ts";
import { ensureBuild } from "./ensure-build.ts";

export async function runSeededDemo(): Promise<() => Promise<void>> {
  const config = configOrExit();
  if (config.databaseProvider === "sqlite") {
    const file = sqliteFilePath(config.DATABASE_URL);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  }
  ensureBuild();
  await migrate(config.DATABASE_URL);
  const db = createDb(config.DATABASE_URL);
  await prepareDb(db, config.DATABASE_URL);
  const { shop, items } = await seedDemoShop(db);
  await db.$disconnect();

  const running = await startServer(config);
  getLogger().info({ shop: shop.name, items: items.length }, "demo shop seeded");
  console.log(
    `\n  ChannelLedger demo is running: ${running.url}/app\n  (standalone demo mode, no login; Ctrl+C stops it)\n`,
  );
  return running.close;
}
