import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { JobQueue } from "../jobs/queue.ts";
import type { Config } from "../app/config.server.ts";
import { getDb } from "../app/db.server.ts";
import { getLogger } from "../app/logger.server.ts";
import { renderMetrics } from "../app/services/metrics/metrics.server.ts";
import { migrate } from "../prisma/migrate.ts";
import { startMetricsListener } from "./metrics-listener.ts";
import { refuseNulInUrl } from "./refuse-nul.ts";
import { requestLogging } from "./request-logging.ts";

export const BUILD_PATH = resolve("build/server/index.js");

type AppBuild = ServerBuild & {
  entry: { module: { startBackgroundWork: () => Promise<JobQueue> } };
};

export type RunningServer = { server: Server; url: string; close: () => Promise<void> };

/** The web process: applies pending migrations, starts background work, serves the Remix build. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = getLogger();
  if (!existsSync(BUILD_PATH)) {
    throw new Error("No build found at build/server/index.js: run `npm run build` first.");
  }
  const applied = await migrate(config.DATABASE_URL);
  if (applied.length > 0) logger.info({ applied }, "migrations applied");

  const build = (await import(pathToFileURL(BUILD_PATH).href)) as AppBuild;
  const queue = await build.entry.module.startBackgroundWork();

  const app = express();
  app.disable("x-powered-by");
  app.use(requestLogging(logger));
  app.use(refuseNulInUrl());
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: config.NODE_ENV,
      getLoadContext: (_req, res) => ({ requestId: String(res.locals.requestId) }),
    }),
  );

  const server = await new Promise<Server>((resolvePromise) => {
    const listening = app.listen(config.PORT, () => resolvePromise(listening));
  });
  const url = `http://localhost:${config.PORT}`;
  logger.info({ url, database: config.databaseProvider, queue: queue.driver }, "ChannelLedger is listening");
  const metrics =
    config.METRICS_PORT === undefined
      ? null
      : await startMetricsListener({
          port: config.METRICS_PORT,
          host: config.METRICS_HOST,
          render: () => renderMetrics(getDb(), queue),
          logger,
        });
  if (metrics) logger.info({ url: metrics.url }, "metrics listening");

  return {
    server,
    url,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await metrics?.close();
      await queue.close();
    },
  };
}
