// `npm run worker`: a process that only runs jobs (scale-out mode, beside several web processes).
import { startBackgroundWork } from "../app/background.server.ts";
import { getLogger } from "../app/logger.server.ts";
import { migrate } from "../prisma/migrate.ts";
import { configOrExit } from "./config-or-exit.ts";

try {
  process.loadEnvFile(".env");
} catch {
  // No .env: the environment alone configures the process.
}
const config = configOrExit();
await migrate(config.DATABASE_URL);
const queue = await startBackgroundWork({ force: true });
getLogger().info({ driver: queue.driver, pid: process.pid }, "worker ready");
// The in-process queue's timers do not hold the process open (by design); a worker stays until it is told to stop.
const keepAlive = setInterval(() => undefined, 60_000);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    getLogger().info({ signal }, "worker stopping after in-flight jobs");
    clearInterval(keepAlive);
    queue.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
