// `npm run demo`: the real app in standalone demo mode on a fresh SQLite file with a seeded shop.
import { rmSync } from "node:fs";
import { createDb, prepareDb } from "../app/db.server.ts";
import { getLogger } from "../app/logger.server.ts";
import { seedDemoShop } from "../app/services/demo-seed.server.ts";
import { migrate, sqliteFilePath } from "../prisma/migrate.ts";
import { startServer } from "../server/app.ts";
import { configOrExit } from "../server/config-or-exit.ts";
import { ensureBuild } from "./ensure-build.ts";

process.env.DEMO_MODE ??= "true";
process.env.DATABASE_URL ??= "file:./data/demo.sqlite";

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

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
