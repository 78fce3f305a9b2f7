import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../app/logger.server.ts";
import { EXPOSITION_CONTENT_TYPE } from "../app/services/metrics/exposition.ts";

export type MetricsListener = { server: Server; url: string; close: () => Promise<void> };

/**
 * METRICS_PORT: a listener that serves only GET /metrics, without a token. Safe because it binds to METRICS_HOST
 * (127.0.0.1 unless told otherwise) and carries nothing else: no admin, no API, no webhooks.
 */
export async function startMetricsListener(options: {
  port: number;
  host: string;
  render: () => Promise<string>;
  logger: Pick<Logger, "error">;
}): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not Found");
      return;
    }
    options.render().then(
      (body) => {
        res.writeHead(200, { "Content-Type": EXPOSITION_CONTENT_TYPE, "Cache-Control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (error: unknown) => {
        options.logger.error({ err: error }, "metrics could not be read");
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("metrics could not be read");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    server,
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
