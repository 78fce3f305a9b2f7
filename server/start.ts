import { getLogger } from "../app/logger.server.ts";
import { startServer } from "./app.ts";
import { configOrExit } from "./config-or-exit.ts";

loadDotEnv();
const config = configOrExit();
const running = await startServer(config).catch((error: Error) => {
  getLogger().fatal({ err: error }, "start-up failed");
  process.exit(1);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    getLogger().info({ signal }, "shutting down");
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

function loadDotEnv() {
  try {
    process.loadEnvFile(".env");
  } catch {
    // No .env: the environment alone configures the process.
  }
}
